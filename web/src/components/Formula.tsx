/** A formula drawn on its node (MathTex, Tex), so the canvas reads like the scene. KaTeX loads on
 * first use; until then, and whenever KaTeX cannot read the source, the source shows as text. */
import { memo, useEffect, useState } from 'react';
import { formulaHtml, type KatexRenderer } from '../lib/formula';

let loaded: KatexRenderer | null = null;
let loading: Promise<KatexRenderer> | null = null;

function loadKatex(): Promise<KatexRenderer> {
  loading ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(([k]) => {
    loaded = k.default;
    return loaded;
  });
  return loading;
}

/** KaTeX once loaded (null before), shared by every formula on the page. */
function useKatex(): KatexRenderer | null {
  const [katex, setKatex] = useState(loaded);
  useEffect(() => {
    if (katex) return;
    let live = true;
    loadKatex().then(
      (k) => live && setKatex(k),
      () => undefined, // offline or blocked: the source text stays
    );
    return () => {
      live = false;
    };
  }, [katex]);
  return katex;
}

export const Formula = memo(function Formula({ src, math }: { src: string; math: boolean }) {
  const katex = useKatex();
  const html = katex ? formulaHtml(katex, src, math) : null;
  if (html) {
    return <div className="gnode-formula" role="img" aria-label={src} title={src} data-testid="formula" dangerouslySetInnerHTML={{ __html: html }} />;
  }
  return (
    <div className="gnode-formula plain" title={katex ? 'KaTeX cannot preview this; Manim’s LaTeX may still render it' : src} data-testid="formula">
      {src}
    </div>
  );
});
