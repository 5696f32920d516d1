// Live regions: an element with data-live-stream (an SSE URL) and data-live-fragment (the same
// page's region as HTML). On each update the region is fetched again and replaced; the
// browser's EventSource resumes with Last-Event-ID after a drop. Without JavaScript the page's
// refresh link does the same.
const regions = document.querySelectorAll('[data-live-stream][data-live-fragment]');

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
      const response = await fetch(region.dataset.liveFragment, { credentials: 'same-origin', headers: { accept: 'text/html' } });
      if (response.ok && !response.redirected) {
        // Keep an open "More actions" or a field being typed in: skip while the user is editing.
        const active = document.activeElement;
        if (!(active && region.contains(active) && /^(TEXTAREA|SELECT|INPUT)$/.test(active.tagName))) {
          const open = [...region.querySelectorAll('details[open]')].map((d) => d.closest('[id]')?.id);
          region.innerHTML = await response.text();
          for (const id of open) if (id) document.getElementById(id)?.querySelector('details')?.setAttribute('open', '');
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
  source.addEventListener('update', refresh);
  source.addEventListener('closed', () => {
    source.close();
    refresh();
  });
}
