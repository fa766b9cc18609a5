import { launch, open } from './browser.mjs';
const b = await launch();
const { page, problems } = await open(b, process.argv[2] ?? '');
await page.keyboard.press(' ');
await page.waitForTimeout(Number(process.argv[4] ?? 3000));
await page.keyboard.press(' ');
await page.screenshot({ path: process.argv[3] ?? '/tmp/shot.png', fullPage: true });
console.log(problems);
await b.close();
