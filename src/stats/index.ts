export {
  createHistogram,
  histogramFromJSON,
  LogHistogram,
  relativeErrorOfScale,
  scaleForRelativeError,
} from './histogram.js';
export type { HistogramOptions, SerializedHistogram } from './histogram.js';
export { createMoments, OnlineMoments } from './moments.js';
export { mad, MAD_TO_SIGMA, median, robustScale } from './robust.js';
