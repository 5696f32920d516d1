// Presenter keys: right/down arrow or space for the next question, left/up for the previous,
// f for full screen, Escape to stop highlighting. The highlight survives live refreshes.
let currentId = null;

const questions = () => [...document.querySelectorAll('.hub-present__question')];

function show(list, index) {
  for (const q of list) q.classList.remove('is-current');
  const q = list[index];
  if (!q) return;
  q.classList.add('is-current');
  currentId = q.dataset.itemId;
  q.focus({ preventScroll: true });
  q.scrollIntoView({ block: 'center', behavior: 'smooth' });
}

function step(delta) {
  const list = questions();
  if (!list.length) return;
  const at = list.findIndex((q) => q.dataset.itemId === currentId);
  const next = at < 0 ? 0 : Math.min(list.length - 1, Math.max(0, at + delta));
  show(list, next);
}

document.addEventListener('keydown', (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.key === 'ArrowRight' || event.key === 'ArrowDown' || event.key === ' ') {
    event.preventDefault();
    step(1);
  } else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') {
    event.preventDefault();
    step(-1);
  } else if (event.key === 'f' || event.key === 'F') {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen?.();
  } else if (event.key === 'Escape') {
    currentId = null;
    for (const q of questions()) q.classList.remove('is-current');
  }
});

document.addEventListener('live:refreshed', () => {
  if (currentId === null) return;
  const list = questions();
  const at = list.findIndex((q) => q.dataset.itemId === currentId);
  if (at >= 0) list[at].classList.add('is-current');
});
