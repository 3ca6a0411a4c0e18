/** Entry of the preview window page (web/preview.html, served at `/preview?graph=NAME`). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../styles/app.css';
import { isValidGraphName } from '../lib/graphNames';
import { PreviewWindow } from './PreviewWindow';

const asked = new URLSearchParams(window.location.search).get('graph');
const name = asked !== null && isValidGraphName(asked) ? asked : null;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PreviewWindow name={name} asked={asked} />
  </StrictMode>,
);
