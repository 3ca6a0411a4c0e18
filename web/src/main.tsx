import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles/app.css';
import { App } from './App';
import { createEditor } from './store/editor';

const editor = createEditor();
const initial = new URLSearchParams(window.location.search).get('graph');
void editor.start(initial);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App editor={editor} />
  </StrictMode>,
);
