import { render } from 'preact';
import { App } from './app.js';
import { startLive } from './live.js';
import { interceptLinks } from './router.js';
import './style.css';

interceptLinks();
startLive();
const root = document.getElementById('app')!;
// The "Loading…" line the page ships with goes; the app replaces it.
root.textContent = '';
render(<App />, root);
