/**
 * The code a monitor loads after `start()`, in idle time (load.ts): everything that does not
 * run per frame — the analysis (windows over log histograms, the frame analysis, the calls into
 * a detector) and the delivery (the pipeline, sending HTTP batches). A page pays for its bytes
 * after it has loaded, not while it loads; measuring starts at once and waits for it in rings
 * and buffers.
 */
export { createAnalysis } from '../analysis/analysis.js';
export { FrameAnalysis } from '../sources/frames/analysis.js';
export { createPipeline } from '../export/pipeline.js';
export { sendHttpBatch } from '../export/http-send.js';
