// Generates the agreement vectors used by tests/SayStop.Fsrs.Tests (committed, so the tests need no Node).
//   cd bench/fsrs/peers && npm ci && TZ=UTC node generate-vectors.mjs
// Peers: ts-fsrs 5.4.2 and fsrs-rs (through @open-spaced-repetition/binding 0.5.0), pinned in package.json.
import { writeFileSync, mkdirSync } from 'node:fs'
import { fsrs, createEmptyCard, FSRSVersion, clipParameters, migrateParameters, get_fuzz_range } from 'ts-fsrs'
import { FSRSBinding, BindingMemoryState } from '@open-spaced-repetition/binding'
import { mulberry32, PARAMETER_SETS, pickGrade } from './lib.mjs'

const outDir = new URL('../../../tests/SayStop.Fsrs.Tests/Vectors/', import.meta.url)
mkdirSync(outDir, { recursive: true })

// ---------------------------------------------------------------------------------------------------------------
// 1. Memory-model transitions: the same input state, elapsed days and rating given to ts-fsrs next_state and to
//    fsrs-rs next_states. Chains follow ts-fsrs's state.
// ---------------------------------------------------------------------------------------------------------------
function memoryTransitions() {
  const rand = mulberry32(20250101)
  const sets = []
  for (const [name, w] of Object.entries(PARAMETER_SETS)) {
    const f = fsrs({ w, enable_short_term: true })
    const rs = new FSRSBinding(w)
    const rows = []
    for (let card = 0; card < 100; card++) {
      let state = null
      const length = 2 + Math.floor(rand() * 18)
      for (let i = 0; i < length; i++) {
        let t = 0
        if (state) {
          const u = rand()
          // same-day 20%, otherwise log-uniform up to ~3 years
          t = u < 0.2 ? 0 : Math.floor(Math.exp(rand() * Math.log(1100)))
        }
        const g = pickGrade(rand)
        const ts = f.next_state(state, t, g)
        const rsMem = state ? new BindingMemoryState(state.stability, state.difficulty) : null
        const rsNext = rs.nextStates(rsMem, 0.9, t)
        const pick = [null, rsNext.again, rsNext.hard, rsNext.good, rsNext.easy][g]
        rows.push({
          card,
          s: state ? state.stability : null,
          d: state ? state.difficulty : null,
          t,
          g,
          tsS: ts.stability,
          tsD: ts.difficulty,
          rsS: pick.memory.stability,
          rsD: pick.memory.difficulty,
          rsIvl: pick.interval,
          tsIvl: f.next_interval(ts.stability, t),
        })
        state = ts
      }
    }
    sets.push({ name, w, rows })
  }
  const count = sets.reduce((n, s) => n + s.rows.length, 0)
  writeFileSync(new URL('memory-transitions.json', outDir), JSON.stringify({
    generator: 'bench/fsrs/peers/generate-vectors.mjs', tsFsrs: FSRSVersion, binding: '0.5.0 (fsrs-rs 6.5.0)', count, sets,
  }))
  return count
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Scheduler sequences from ts-fsrs: each review records the four-button preview and the chosen outcome.
// ---------------------------------------------------------------------------------------------------------------
const CONFIGS = [
  { name: 'default', params: {} },
  { name: 'no-steps', params: { learning_steps: [], relearning_steps: [] } },
  { name: 'long-term', params: { enable_short_term: false } },
  { name: 'retention-0.8-max-180', params: { request_retention: 0.8, maximum_interval: 180 } },
  { name: 'synthetic-3-steps', set: 'synthetic', params: { learning_steps: ['1m', '10m', '1h'], relearning_steps: ['10m', '1h'] } },
  { name: 'fsrs5-day-step', set: 'fsrs5', params: { learning_steps: ['10m', '1d'], relearning_steps: ['30m'] } },
  { name: 'steep-retention-0.95', set: 'steep', params: { request_retention: 0.95 } },
  { name: 'flat-retention-0.7', set: 'flat', params: { request_retention: 0.7, learning_steps: ['5m'] } },
]

function cardJson(c) {
  return {
    due: c.due.getTime(), s: c.stability, d: c.difficulty, state: c.state, step: c.learning_steps,
    scheduledDays: c.scheduled_days, elapsedDays: c.elapsed_days, reps: c.reps, lapses: c.lapses,
  }
}

function schedulerSequences() {
  const rand = mulberry32(424242)
  const configs = []
  let transitions = 0
  for (const cfg of CONFIGS) {
    const w = cfg.set ? PARAMETER_SETS[cfg.set] : undefined
    const f = fsrs({ ...cfg.params, ...(w ? { w } : {}), enable_fuzz: false })
    const cards = []
    for (let k = 0; k < 40; k++) {
      let now = new Date(Date.UTC(2025, 0, 1, 6 + Math.floor(rand() * 16), Math.floor(rand() * 60)))
      let card = createEmptyCard(now)
      const reviews = []
      const length = 3 + Math.floor(rand() * 12)
      for (let i = 0; i < length; i++) {
        const preview = f.repeat(card, now)
        const g = pickGrade(rand)
        const out = preview[g]
        reviews.push({
          at: now.getTime(),
          g,
          preview: [1, 2, 3, 4].map((r) => cardJson(preview[r].card)),
        })
        transitions += 4
        card = out.card
        // Next review: mostly around the due date, sometimes early or late, so elapsed days vary.
        const dueMs = card.due.getTime()
        const gap = Math.max(60_000, dueMs - now.getTime())
        const factor = rand() < 0.15 ? rand() * 0.6 : 0.8 + rand() * 1.6
        now = new Date(now.getTime() + Math.max(60_000, Math.round(gap * factor / 60_000) * 60_000))
      }
      cards.push({ start: reviews[0].at, reviews })
    }
    configs.push({ name: cfg.name, w: f.parameters.w, params: { ...f.parameters, w: undefined }, cards })
  }
  writeFileSync(new URL('ts-fsrs-scheduler.json', outDir), JSON.stringify({
    generator: 'bench/fsrs/peers/generate-vectors.mjs', tsFsrs: FSRSVersion, transitions, configs,
  }))
  return transitions
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Parameter clamping and migration (ts-fsrs clipParameters / migrateParameters) and fuzz ranges (get_fuzz_range).
// ---------------------------------------------------------------------------------------------------------------
function parameterAndFuzzVectors() {
  const rand = mulberry32(99)
  const clip = []
  for (let k = 0; k < 200; k++) {
    // Weights from -1 to 2.5 times the default, so that many fall outside their ranges.
    const w = PARAMETER_SETS.default.map((x) => x * (-1 + rand() * 3.5))
    const steps = [0, 1, 2, 3, 5][k % 5]
    const shortTerm = k % 2 === 0
    clip.push({ w, steps, shortTerm, clipped: clipParameters(w, steps, shortTerm) })
  }
  const fuzz = []
  for (const max of [36500, 30]) {
    for (let ivl = 1; ivl <= 120; ivl += 0.5) {
      for (const elapsed of [0, 1, 3, 10, 40, 100]) fuzz.push({ ivl, elapsed, max, range: get_fuzz_range(ivl, elapsed, max) })
    }
  }
  const migrate = [17, 19].map((n) => {
    const w = PARAMETER_SETS.fsrs5.slice(0, n)
    return { w, migrated: migrateParameters(w, 1, true) }
  })
  writeFileSync(new URL('ts-fsrs-parameters-fuzz.json', outDir), JSON.stringify({
    generator: 'bench/fsrs/peers/generate-vectors.mjs', tsFsrs: FSRSVersion, clip, fuzz, migrate,
  }))
  return clip.length + fuzz.length
}

const a = memoryTransitions()
const b = schedulerSequences()
const c = parameterAndFuzzVectors()
console.log(`memory transitions: ${a}, scheduler preview transitions: ${b}, clamp + fuzz-range cases: ${c}`)
