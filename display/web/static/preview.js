'use strict';
// The preview reloads itself within a second of a change: a new snapshot
// (the server rebuilds it within a second of a config change) or a config
// file the server refused, or accepted again.
(() => {
  const body = document.body;
  async function poll() {
    try {
      const resp = await fetch(location.pathname + '/state', { cache: 'no-store' });
      if (resp.ok) {
        const st = await resp.json();
        if (st.revision !== body.dataset.revision || (st.config_error || '') !== body.dataset.configError) {
          location.reload();
          return;
        }
      }
    } catch (e) { /* the server is restarting: ask again */ }
    setTimeout(poll, 500);
  }
  setTimeout(poll, 500);
})();
