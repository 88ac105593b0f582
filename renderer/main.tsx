import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { installStationBridge } from './bridge/install';
import './styles.css';

// Outside Electron there is no preload: the page came from the station server and talks to it.
if (window.ppv === undefined) installStationBridge(window);

const root = document.getElementById('root');
if (root === null) throw new Error('renderer/index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
