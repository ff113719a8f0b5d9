// A small analysis case with reference values from numpy (population moments), shared by the
// domain report tests and the CLI tests: six labelled examples, three v1 rollouts each.
//   rollout means [1.667, 3, 4, 7, 7, 9] vs targets → CCC 0.9717586649550705, NMSE 0.05219454329774614
//   medians → CCC 0.9518072289156626; first rollouts → CCC 0.9488054607508533
//   rollout spread (mean population sd) 0.5864352075032632

export const TARGETS = [1, 3, 4, 6, 8, 9];
export const ROLLOUTS = [
  [1, 2, 2],
  [3, 3, 3],
  [2, 5, 5],
  [6, 7, 8],
  [7, 7, 7],
  [9, 8, 10],
];
export const REFERENCE = {
  meanCcc: 0.9717586649550705,
  meanNmse: 0.05219454329774614,
  medianCcc: 0.9518072289156626,
  firstCcc: 0.9488054607508533,
  spread: 0.5864352075032632,
};
