#!/usr/bin/env node
/*
 * Drives a page sockviz wrote (-o x.html) in Debian's chromium, as a
 * lecturer and a student would: stepping with the keys, opening at
 * #step=N, clicking a packet, selecting a call with Tab and Enter,
 * switching the theme, printing. Any request other than the page itself
 * fails the run.
 *
 *   node drive_html.js PAGE.html OUTDIR NAME
 *
 * Writes NAME-light.png, NAME-dark.png, NAME-step.png (mid-step, a packet
 * selected), NAME-a4.pdf and NAME-letter.pdf into OUTDIR. Prints one line
 * per check, "ok" or "FAIL", then "N passed, N failed"; exits 1 when a
 * check failed, 2 when the browser could not be driven at all.
 *
 * CHROMIUM names the browser (default /usr/bin/chromium); puppeteer-core
 * is found through NODE_PATH (tests/browser/install puts it there).
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');

const [page_arg, outdir, name] = process.argv.slice(2);
if (!page_arg || !outdir || !name) {
	console.error('usage: drive_html.js PAGE.html OUTDIR NAME');
	process.exit(2);
}
const file = path.resolve(page_arg);
const url = 'file://' + file;
let passed = 0, failed = 0;

function check(what, ok, detail) {
	if (ok) {
		passed++;
		console.log('ok: ' + what);
	} else {
		failed++;
		console.log('FAIL: ' + what + (detail !== undefined ?
		    ': ' + detail : ''));
	}
}

/* Mirror of the page's @page box: 12 mm margins, portrait. */
const MM = 96 / 25.4;
const PAPER = {
	a4: { w: 210, h: 297, format: 'A4' },
	letter: { w: 215.9, h: 279.4, format: 'Letter' },
};

/* What the page shows, read from the DOM. */
function state() {
	const gs = [...document.querySelectorAll('.figure svg [data-step]')];
	const vis = gs.filter((g) => getComputedStyle(g).visibility === 'visible');
	return {
		groups: gs.length,
		visible: vis.length,
		visibleSteps: vis.map((g) => +g.getAttribute('data-step')),
		hash: location.hash,
		count: document.getElementById('sv-count').textContent,
	};
}

async function main() {
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sockviz-chromium-'));
	const browser = await puppeteer.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true,
		userDataDir: profile,
		args: ['--no-sandbox', '--disable-gpu', '--headless',
		    '--no-first-run', '--disable-background-networking',
		    '--disable-component-update', '--disable-sync'],
	});
	const outside = [];
	const errors = [];
	try {
		const page = await browser.newPage();
		await page.setViewport({ width: 1280, height: 900 });
		await page.setRequestInterception(true);
		page.on('request', (r) => {
			if (r.url().split('#')[0] === url) {
				r.continue();
			} else {
				outside.push(r.url());
				r.abort();
			}
		});
		page.on('pageerror', (e) => errors.push(String(e)));
		page.on('console', (m) => {
			if (m.type() === 'error') errors.push(m.text());
		});

		await page.goto(url, { waitUntil: 'load' });
		const tl = await page.evaluate(() =>
		    JSON.parse(document.getElementById('sv-timeline').textContent));
		const ev = {};
		tl.events.forEach((e) => { ev[e.id] = e; });
		let s = await page.evaluate(state);
		const last = s.groups - 1;
		check('the page has steps to walk through', s.groups >= 2, s.groups);
		check('without a hash the whole ladder shows', s.visible === s.groups,
		    `${s.visible} of ${s.groups}`);
		check('the JSON island is the timeline, with the packet bytes',
		    tl.sockviz === 1 && Object.keys(tl.packet_bytes).length ===
		    tl.events.filter((e) => e.type === 'packet').length);
		await page.screenshot({ path: path.join(outdir, name + '-light.png') });

		/* Home, then Right: one more event, and the address follows. */
		await page.keyboard.press('Home');
		s = await page.evaluate(state);
		check('Home shows step 0 alone', s.visible === 1 &&
		    s.visibleSteps[0] === 0, JSON.stringify(s));
		check('Home: the address says #step=0', s.hash === '#step=0', s.hash);
		const before = s.visible;
		await page.keyboard.press('ArrowRight');
		s = await page.evaluate(state);
		check('Right shows exactly one more event', s.visible === before + 1,
		    `${before} -> ${s.visible}`);
		check('Right: the address says #step=1', s.hash === '#step=1', s.hash);
		check('the counter says step 1', s.count === `step 1 / ${last}`,
		    s.count);
		/* Then on by the other keys and the buttons, never past the
		 * ends: k is the step each should leave the page at. */
		let k = 1;
		for (const [how, step] of [['space', 1], ['Left', -1],
		    ['the next button', 1], ['the prev button', -1], ['Left', -1],
		    ['Left', -1]]) {
			if (how === 'space') await page.keyboard.press(' ');
			else if (how === 'Left') await page.keyboard.press('ArrowLeft');
			else await page.click(step > 0 ? '#sv-next' : '#sv-prev');
			k = Math.max(0, Math.min(last, k + step));
			s = await page.evaluate(state);
			check(`${how} leaves step ${k} the last drawn`, s.visible === k + 1 &&
			    s.hash === '#step=' + k, JSON.stringify(s));
		}
		await page.keyboard.press('End');
		s = await page.evaluate(state);
		check('End shows every step', s.visible === s.groups &&
		    s.hash === '#step=' + last, JSON.stringify(s));
		await page.click('#sv-all');
		s = await page.evaluate(state);
		check('the all button shows every step, and the address has no step',
		    s.visible === s.groups && s.hash === '', JSON.stringify(s));

		/* #step=N opens at N. */
		const mid = Math.floor(last / 2);
		await page.goto(url + '#step=' + mid, { waitUntil: 'load' });
		await page.reload({ waitUntil: 'load' });
		s = await page.evaluate(state);
		check(`#step=${mid} opens with steps 0..${mid}`, s.visible === mid + 1 &&
		    s.visibleSteps.every((k) => k <= mid), JSON.stringify(s));
		check(`#step=${mid}: the counter agrees`, s.count ===
		    `step ${mid} / ${last}`, s.count);

		/* Click a packet: its flags and its bytes. */
		const pk = await page.evaluate((data) => {
			/* The last one drawn, near the current step; one that
			 * carries data if there is one, for the screenshot. */
			const drawn = [...document.querySelectorAll('.figure svg .sv-pkt')]
			    .filter((x) => getComputedStyle(x).visibility === 'visible');
			const g = drawn.filter((x) => data.includes(
			    +x.getAttribute('data-ev'))).pop() || drawn.pop();
			if (!g) return null;
			g.scrollIntoView({ block: 'center' });
			return +g.getAttribute('data-ev');
		}, tl.events.filter((e) => e.type === 'packet' && e.len > 0)
		    .map((e) => e.id));
		check('a packet is drawn by the middle step', pk !== null);
		if (pk !== null) {
			const box = await (await page.$(`.figure svg .sv-pkt[data-ev="${pk}"]`))
			    .boundingBox();
			await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
			const d = await page.evaluate(() => {
				const p = document.getElementById('sv-details');
				return { shown: !p.hidden, text: p.innerText };
			});
			const p = ev[pk];
			const flags = p.proto === 'TCP' ? p.flags : p.proto;
			check('clicking a packet opens the details', d.shown);
			check(`the details name its flags (${flags})`, d.text.includes(flags),
			    d.text.slice(0, 200));
			check('the details give its source and destination',
			    d.text.includes(p.src) && d.text.includes(p.dst));
			check('the details give its cause', calls(tl) === 0 ||
			    /sent by the |answering |on its own/.test(d.text));
			check('the details show a hex dump line',
			    /^0000  [0-9a-f]{2} [0-9a-f]{2} /m.test(d.text),
			    d.text.slice(-300));
			const hexline = d.text.split('\n').find((l) => l.startsWith('0000  '));
			check('the hex dump is the frame\'s first bytes', hexline !== undefined &&
			    hexline.replace(/\s+/g, '').slice(4, 36) ===
			    tl.packet_bytes[pk].hex.slice(0, 32), hexline);
			await new Promise((r) => setTimeout(r, 400));
			await page.screenshot({ path: path.join(outdir, name + '-step.png') });
		}

		/* Tab to a call, Enter: its return text. With no call in the
		 * capture, a packet stands in. */
		await page.goto(url, { waitUntil: 'load' });
		await page.reload({ waitUntil: 'load' });
		const want = calls(tl) > 0 ? 'sv-call' : 'sv-pkt';
		let focused = null;
		for (let i = 0; i < 60 && focused === null; i++) {
			await page.keyboard.press('Tab');
			focused = await page.evaluate((cls) => {
				const a = document.activeElement;
				return a && a.classList && a.classList.contains(cls) ?
				    +a.getAttribute('data-ev') : null;
			}, want);
		}
		check(`Tab reaches a ${want} group`, focused !== null);
		if (focused !== null) {
			await page.keyboard.press('Enter');
			const d = await page.evaluate(() => {
				const p = document.getElementById('sv-details');
				return { shown: !p.hidden, text: p.innerText };
			});
			check('Enter opens the details', d.shown);
			const e = ev[focused];
			if (e.type === 'call') {
				const ret = e.unfinished ? 'never returned' :
				    '= ' + e.ret + (e.errno ? ' ' + e.errno : '');
				check(`the details give the call's text and return (${e.text} ${ret})`,
				    d.text.includes(e.text + ' ' + ret), d.text.slice(0, 300));
				check('the details give its TCP state or say it is not TCP',
				    e.state === null || d.text.includes(e.state));
			} else {
				check('the details give the packet\'s protocol',
				    d.text.includes(e.proto));
			}
			await page.keyboard.press('Escape');
			check('Escape closes the details', await page.evaluate(() =>
			    document.getElementById('sv-details').hidden));
		}

		/* Themes: the system's, then the button's. */
		await page.emulateMediaFeatures([{ name: 'prefers-color-scheme',
		    value: 'dark' }]);
		await page.goto(url + '#step=' + mid, { waitUntil: 'load' });
		await page.reload({ waitUntil: 'load' });
		const dark = await page.evaluate(() => ({
			bg: getComputedStyle(document.body).backgroundColor,
			filter: getComputedStyle(document.querySelector('.figure')).filter,
		}));
		check('prefers-color-scheme: dark darkens the page',
		    dark.bg === 'rgb(26, 26, 26)', dark.bg);
		check('... and inverts the picture', /invert/.test(dark.filter),
		    dark.filter);
		await page.screenshot({ path: path.join(outdir, name + '-dark.png') });
		await page.click('#sv-theme');
		const light = await page.evaluate(() => ({
			cls: document.documentElement.className,
			bg: getComputedStyle(document.body).backgroundColor,
		}));
		check('the theme button switches to light', /\blight\b/.test(light.cls) &&
		    light.bg === 'rgb(255, 255, 255)', JSON.stringify(light));
		await page.emulateMediaFeatures([{ name: 'prefers-color-scheme',
		    value: 'light' }]);

		/* Printing: every piece of the ladder fits a page of either
		 * paper at the page's width, the first one under the heading. */
		await page.goto(url + '#step=' + mid, { waitUntil: 'load' });
		await page.reload({ waitUntil: 'load' });
		for (const k of Object.keys(PAPER)) {
			const pp = PAPER[k];
			await page.pdf({ path: path.join(outdir, `${name}-${k}.pdf`),
			    format: pp.format, preferCSSPageSize: true,
			    printBackground: true });
			await page.emulateMediaType('print');
			await page.setViewport({ width: Math.floor((pp.w - 24) * MM),
			    height: 900 });
			const m = await page.evaluate(() => {
				const pieces = [...document.querySelectorAll('.sv-page')];
				const top = document.body.getBoundingClientRect().top;
				return {
					original: getComputedStyle(
					    document.querySelector('.figure > svg')).display,
					heights: pieces.map((p) => p.getBoundingClientRect().height),
					firstBottom: pieces.length ?
					    pieces[0].getBoundingClientRect().bottom - top : 0,
					rows: pieces.map((p) => p.querySelectorAll('[data-step]')
					    .length),
				};
			});
			const room = (pp.h - 24) * MM;
			check(`print (${pp.format}): the ladder in ${m.heights.length} piece(s)`,
			    m.heights.length > 0 && m.original === 'none', JSON.stringify(m));
			check(`print (${pp.format}): every piece fits a page`,
			    m.heights.every((h) => h <= room), `${m.heights} > ${room}`);
			check(`print (${pp.format}): the first piece fits under the heading`,
			    m.firstBottom <= room, `${m.firstBottom} > ${room}`);
			const steps = await page.evaluate(() =>
			    document.querySelectorAll('.figure > svg [data-step]').length);
			check(`print (${pp.format}): every step printed, none twice`,
			    m.rows.reduce((a, b) => a + b, 0) === steps, m.rows.join('+'));
			await page.emulateMediaType(null);
			await page.setViewport({ width: 1280, height: 900 });
		}

		check('no request left the page', outside.length === 0,
		    outside.join(' '));
		check('no script error', errors.length === 0, errors.join(' | '));
	} finally {
		await browser.close();
		fs.rmSync(profile, { recursive: true, force: true });
	}
}

function calls(tl) {
	return tl.events.filter((e) => e.type === 'call').length;
}

main().then(() => {
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}, (e) => {
	console.log('FAIL: the browser could not be driven: ' + (e && e.stack || e));
	console.log(`${passed} passed, ${failed + 1} failed`);
	process.exit(2);
});
