// Scheduling throughput of ts-fsrs 5.4.2: previews (all four outcomes, f.repeat) per second on a fixed workload.
//   node bench-schedule.mjs <workload.json> [seconds=3]
// Writes the workload (review histories, so SayStop.Fsrs replays the very same cards) if the file does not exist,
// then prints JSON with the rate.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fsrs, createEmptyCard } from 'ts-fsrs'
import { mulberry32, pickGrade } from './lib.mjs'

const [path, secondsArg] = process.argv.slice(2)
const seconds = Number(secondsArg ?? 3)
const f = fsrs({ enable_fuzz: false })

if (!existsSync(path)) {
  // 2,000 cards with 0..12 past reviews each, so that previews cover New, Learning, Review and Relearning cards.
  const rand = mulberry32(777)
  const cards = []
  for (let k = 0; k < 2000; k++) {
    let now = Date.UTC(2025, 0, 1, 8) + Math.floor(rand() * 30 * 86400000)
    let card = createEmptyCard(new Date(now))
    const reviews = []
    const n = Math.floor(rand() * 13)
    for (let i = 0; i < n; i++) {
      const g = pickGrade(rand)
      reviews.push([now, g])
      card = f.next(card, new Date(now), g).card
      now = Math.max(now + 60000, card.due.getTime() + Math.floor((rand() - 0.3) * 3 * 86400000))
    }
    cards.push({ reviews, previewAt: now })
  }
  writeFileSync(path, JSON.stringify({ cards }))
}

const workload = JSON.parse(readFileSync(path, 'utf8'))
const items = workload.cards.map((c) => {
  let card = createEmptyCard(new Date(c.reviews.length ? c.reviews[0][0] : c.previewAt))
  for (const [at, g] of c.reviews) card = f.next(card, new Date(at), g).card
  return { card, now: new Date(c.previewAt) }
})

let checksum = 0
const run = (ms) => {
  let count = 0
  const start = performance.now()
  while (performance.now() - start < ms) {
    for (const it of items) {
      const p = f.repeat(it.card, it.now)
      checksum += p[3].card.scheduled_days
      count++
    }
  }
  return { count, ms: performance.now() - start }
}
run(1000) // warm-up (JIT)
const r = run(seconds * 1000)
console.log(JSON.stringify({ implementation: 'ts-fsrs 5.4.2 (node ' + process.version + ')', previews: r.count, ms: r.ms, perSecond: (r.count / r.ms) * 1000, checksum }))
