// fsrs-rs (binding 0.5.0) optimizer on a review-log CSV, with the same held-out split as `saystop-fsrs optimize`.
//   node optimize.mjs log.csv [holdout=5] [saystop-result.json]
// Prints JSON: fitted parameters, wall time of computeParameters, and binding evaluate() metrics on the held-out items
// for fsrs-rs's parameters and (if given) SayStop.Fsrs's parameters.
import { readFileSync } from 'node:fs'
import { computeParameters, FSRSBinding } from '@open-spaced-repetition/binding'
import { readCards, toItems, split } from './revlog.mjs'

const [path, holdoutArg, otherJson] = process.argv.slice(2)
const holdout = Number(holdoutArg ?? 5)
let t0 = performance.now()
const { train, test } = split(readCards(path), holdout)
const trainItems = toItems(train)
const testItems = toItems(test)
const loadMs = performance.now() - t0
t0 = performance.now()
// timeout: the native task joins a progress poller that sleeps this many ms (default 500), see cards.md §3.2.
const w = await computeParameters(trainItems, { enableShortTerm: true, timeout: 10 })
const fitMs = performance.now() - t0
const evaluate = (params, items) => (items.length ? new FSRSBinding(params).evaluate(items) : null)
const out = {
  parameters: w,
  fitMs,
  loadMs,
  trainItems: trainItems.length,
  testItems: testItems.length,
  train: evaluate(w, trainItems),
  test: evaluate(w, testItems),
}
if (otherJson) {
  const other = JSON.parse(readFileSync(otherJson, 'utf8'))
  out.saystopOnTest = evaluate(other.parameters, testItems)
  out.saystopOnTrain = evaluate(other.parameters, trainItems)
}
console.log(JSON.stringify(out))
