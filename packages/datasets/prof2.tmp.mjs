import { createPreprocessKernel } from "@podium/datasets";
const k = createPreprocessKernel();
const img = { data: new Uint8Array(500*375*3).map((_, i) => (i * 7) & 255), width: 500, height: 375, channels: 3 };
function t(label, fn){ for(let i=0;i<20;i++) fn(); const s=performance.now(); for(let i=0;i<200;i++) fn(); return (performance.now()-s)/200; }
for (let r = 0; r < 3; r++) {
  const base = t('copy', () => { const o = new Uint8Array(img.data.length); for (let i=0;i<o.length;i++) o[i]=img.data[i]; });
  const h = t('h', () => k.resizePil(img, 341, 375, 'bilinear'));
  const v = t('v', () => k.resizePil(img, 500, 256, 'bilinear'));
  const b = t('both', () => k.resizePil(img, 341, 256, 'bilinear'));
  console.log(`copy ${base.toFixed(2)} h ${(h/base).toFixed(2)}x v ${(v/base).toFixed(2)}x both ${(b/base).toFixed(2)}x (${b.toFixed(2)} ms)`);
}
