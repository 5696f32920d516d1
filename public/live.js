// Live regions: an element with data-live-stream (an SSE URL) and data-live-fragment (the same
// page's region as HTML). On each update the region is fetched again and replaced; the
// browser's EventSource resumes with Last-Event-ID after a drop. Without JavaScript the page's
// refresh link does the same.
const regions = document.querySelectorAll('[data-live-stream][data-live-fragment]');

/** Applies vote counts in place; true when something else changed and the list must be fetched. */
function patchVotes(region, changes) {
  let structural = false;
  for (const change of changes) {
    // Someone answered a poll: the event page shows no results, so nothing to fetch.
    if (change.type === 'poll' && !('state' in change)) continue;
    if (change.type !== 'item' && change.type !== 'votes') {
      structural = true;
      continue;
    }
    const item = region.querySelector(`#item-${change.itemId}`);
    if (change.type === 'votes') {
      if (item) setVotes(item, change.votes);
      continue;
    }
    if (change.state === 'gone') {
      // Gone from the room: refetch if it was listed, in the room or among the delegate's own.
      structural ||= Boolean(item || region.querySelector(`[data-mine-item="${change.itemId}"]`));
      continue;
    }
    const same =
      item &&
      item.dataset.state === change.state &&
      item.dataset.pinned === String(change.pinned) &&
      item.querySelector('.hub-item-body')?.textContent === change.body;
    if (!same) {
      structural = true;
      continue;
    }
    setVotes(item, change.votes);
  }
  if (region.dataset.livePatch === 'votes') reorderByVotes(region.querySelector('[data-room-items]'));
  return structural;
}

function setVotes(item, votes) {
  item.dataset.votes = String(votes);
  const count = item.querySelector('.hub-votes');
  if (count) count.textContent = `${votes} ${votes === 1 ? 'vote' : 'votes'}`;
}

/** Pinned first, then most votes; equal ones keep their order. Moves nothing that is already in place. */
function reorderByVotes(list) {
  // Moving a focused button would drop the focus: wait until the person has finished.
  if (!list || list.contains(document.activeElement)) return;
  const items = [...list.children];
  const rank = (li) => [li.dataset.pinned === 'true' ? 1 : 0, Number(li.dataset.votes) || 0];
  const sorted = items
    .map((li, index) => ({ li, index, rank: rank(li) }))
    .sort((a, b) => b.rank[0] - a.rank[0] || b.rank[1] - a.rank[1] || a.index - b.index)
    .map((entry) => entry.li);
  if (sorted.some((li, i) => li !== items[i])) list.append(...sorted);
}

/** Parts of a fragment meant for another place on the page (<template data-live-elsewhere="id">). */
function placeElsewhere(region) {
  for (const part of region.querySelectorAll('template[data-live-elsewhere]')) {
    document.getElementById(part.dataset.liveElsewhere)?.replaceChildren(part.content);
    part.remove();
  }
}

/**
 * Countdowns: the page says when answers close ("Answers close at 14:35"); each
 * [data-ends-at] adds the time left, every second, and says when time is up.
 */
function tickCountdowns() {
  for (const element of document.querySelectorAll('[data-ends-at]')) {
    const left = Math.round((Date.parse(element.dataset.endsAt) - Date.now()) / 1000);
    const text = left > 0 ? ` (${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')} left)` : ' (time is up)';
    if (element.textContent !== text) element.textContent = text;
  }
}
tickCountdowns();
setInterval(tickCountdowns, 1000);

for (const region of regions) {
  let busy = false;
  let again = false;
  const refresh = async () => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      const response = await fetch(region.dataset.liveFragment, {
        credentials: 'same-origin',
        headers: { accept: 'text/html' },
      });
      if (response.ok && !response.redirected) {
        // Keep an open "More actions" or a field being typed in: skip while the user is editing.
        const active = document.activeElement;
        if (!(active && region.contains(active) && /^(TEXTAREA|SELECT|INPUT)$/.test(active.tagName))) {
          const open = [...region.querySelectorAll('details[open]')].map((d) => d.closest('[id]')?.id);
          region.innerHTML = await response.text();
          placeElsewhere(region);
          tickCountdowns();
          for (const id of open)
            if (id) document.getElementById(id)?.querySelector('details')?.setAttribute('open', '');
          region.dispatchEvent(new CustomEvent('live:refreshed', { bubbles: true }));
        } else {
          again = true;
        }
      }
    } finally {
      // At most a few refreshes a second, however fast votes arrive.
      setTimeout(() => {
        busy = false;
        if (again) {
          again = false;
          refresh();
        }
      }, 400);
    }
  };
  const source = new EventSource(region.dataset.liveStream);
  if (region.dataset.livePatch) {
    // A delegate's list, open on hundreds of phones at once: votes are patched in place, and
    // only a new, removed or changed item fetches the list again, after a random pause so the
    // room does not ask the server all in the same moment.
    source.addEventListener('update', (event) => {
      if (patchVotes(region, JSON.parse(event.data).changes ?? [])) setTimeout(refresh, Math.random() * 1500);
    });
  } else {
    source.addEventListener('update', refresh);
  }
  source.addEventListener('closed', () => {
    source.close();
    refresh();
  });
}
