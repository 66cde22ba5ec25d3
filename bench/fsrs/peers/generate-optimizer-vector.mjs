// Runs the fsrs-rs optimizer (binding 0.5.0) on the committed 1,000-card synthetic log and stores its result, so the
// C# optimizer test can compare against it without Node.
//   cd bench/fsrs/peers && npm ci && node generate-optimizer-vector.mjs
// The log itself was written by: saystop-fsrs simulate Vectors/synthetic-1000.csv --cards 1000 --seed 42 --params <TRUE_W>
import { writeFileSync } from 'node:fs'
import { computeParameters, FSRSBinding } from '@open-spaced-repetition/binding'
import { readCards, toItems, split } from './revlog.mjs'
import { PARAMETER_SETS } from './lib.mjs'

const dir = new URL('../../../tests/SayStop.Fsrs.Tests/Vectors/', import.meta.url)
const { train, test } = split(readCards(new URL('synthetic-1000.csv', dir).pathname), 5)
const trainItems = toItems(train)
const testItems = toItems(test)
const w = await computeParameters(trainItems, { enableShortTerm: true, timeout: 10 })
const truth = PARAMETER_SETS.synthetic
const ev = (p, items) => new FSRSBinding(p).evaluate(items)
writeFileSync(new URL('optimizer-1000.json', dir), JSON.stringify({
  generator: 'bench/fsrs/peers/generate-optimizer-vector.mjs',
  binding: '0.5.0 (fsrs-rs 6.5.0)',
  holdoutEvery: 5,
  trueParameters: truth,
  fsrsRsParameters: w,
  trainItems: trainItems.length,
  testItems: testItems.length,
  bindingEvaluate: { fsrsRsOnTest: ev(w, testItems), trueOnTest: ev(truth, testItems), fsrsRsOnTrain: ev(w, trainItems) },
}, null, 1))
console.log('fsrs-rs', w.map((x) => x.toFixed(4)).join(','), 'items', trainItems.length, testItems.length)
