// Filters a long list of people as you type. Without JavaScript the list works as an ordinary select.
for (const select of document.querySelectorAll('select[data-person-picker]')) {
  const options = [...select.options];
  const [blank, ...people] = options;
  const id = `${select.id}-filter`;

  const group = document.createElement('div');
  group.className = 'govuk-form-group';
  const label = document.createElement('label');
  label.className = 'govuk-label';
  label.htmlFor = id;
  label.textContent = 'Find a person by name, organisation or email';
  const input = document.createElement('input');
  input.className = 'govuk-input govuk-!-width-two-thirds';
  input.id = id;
  input.type = 'search';
  input.autocomplete = 'off';
  input.spellcheck = false;
  group.append(label, input);
  select.closest('.govuk-form-group').before(group);

  input.addEventListener('input', () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    const matching = people.filter((o) => o.selected || words.every((w) => o.text.toLowerCase().includes(w)));
    select.replaceChildren(blank, ...matching);
    // One match is the person meant: choose them, as a search would.
    if (matching.length === 1) matching[0].selected = true;
    if (matching.length === 1) chooseExisting(select.form);
  });
  select.addEventListener('change', () => chooseExisting(select.form));
}

/** Picking a person answers the question above the list too. */
function chooseExisting(form) {
  const radio = form.querySelector('input[name="who"][value="existing"]');
  if (radio) radio.checked = true;
}
