// Reads a review-log CSV (card_id,review_time,review_rating,review_state,...) into fsrs-rs items with exactly the
// rules of SayStop.Fsrs RevlogConverter: days start at 04:00 UTC, manual rows skipped, cards whose first row is not a
// learning row dropped, one item per review after the first with delta_t > 0, items sorted by review time.
import { readFileSync } from 'node:fs'
import { FSRSBindingItem, FSRSBindingReview } from '@open-spaced-repetition/binding'

const DAY = 86_400_000
const ROLLOVER = 4 * 3_600_000

export function readCards(path) {
  const lines = readFileSync(path, 'utf8').split('\n')
  const header = lines[0].split(',').map((h) => h.trim().toLowerCase())
  const ci = header.findIndex((h) => h.startsWith('card'))
  const ti = header.findIndex((h) => h.includes('time'))
  const ri = header.findIndex((h) => h.includes('rating'))
  const si = header.findIndex((h) => h.includes('state'))
  const cards = new Map()
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue
    const f = lines[i].split(',')
    const rating = Number(f[ri])
    const state = si >= 0 && f[si] !== '' ? Number(f[si]) : null
    if (rating === 0 || state === 4) continue
    const id = Number(f[ci])
    if (!cards.has(id)) cards.set(id, [])
    cards.get(id).push({ time: Number(f[ti]), rating, state })
  }
  const result = []
  for (const [id, rows] of [...cards.entries()].sort((a, b) => a[0] - b[0])) {
    rows.sort((a, b) => a.time - b.time)
    if (rows[0].state !== null && rows[0].state !== 0) continue
    let prev = Math.floor((rows[0].time - ROLLOVER) / DAY)
    const reviews = rows.map((r, i) => {
      const day = Math.floor((r.time - ROLLOVER) / DAY)
      const delta = i === 0 ? 0 : Math.max(0, day - prev)
      prev = day
      return { rating: r.rating, delta, time: r.time }
    })
    result.push({ id, reviews })
  }
  return result
}

export function toItems(cards) {
  const items = []
  for (const card of cards) {
    for (let i = 1; i < card.reviews.length; i++) {
      if (card.reviews[i].delta > 0) items.push({ time: card.reviews[i].time, id: card.id, pos: i, reviews: card.reviews.slice(0, i + 1) })
    }
  }
  items.sort((a, b) => a.time - b.time || a.id - b.id || a.pos - b.pos)
  // One review object per review, shared by the items that contain it (the binding copies them), to keep loading fast.
  for (const card of cards) card.reviews.forEach((r) => { r.obj ??= new FSRSBindingReview(r.rating, r.delta) })
  return items.map((it) => new FSRSBindingItem(it.reviews.map((r) => r.obj)))
}

export function split(cards, every) {
  if (!every || every <= 1) return { train: cards, test: [] }
  return { train: cards.filter((c) => c.id % every !== 0), test: cards.filter((c) => c.id % every === 0) }
}
