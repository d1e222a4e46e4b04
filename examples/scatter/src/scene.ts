/**
 * A WebGL2 scatter plot of N drifting points with pan and zoom: the visualization the
 * example monitors. Its CPU work grows with N (positions are updated on the CPU every frame)
 * and its GPU work with N and with `shaderWork` (extra fragment-shader iterations), so both
 * kinds of regression can be injected for real.
 */

const VERTEX_SHADER = `#version 300 es
in vec2 position;
in float hue;
uniform vec2 pan;
uniform float zoom;
uniform float pointSize;
out float vHue;
void main() {
  gl_Position = vec4((position + pan) * zoom, 0.0, 1.0);
  gl_PointSize = pointSize;
  vHue = hue;
}`;

const FRAGMENT_SHADER = `#version 300 es
precision highp float;
in float vHue;
uniform int shaderWork;
out vec4 color;
void main() {
  vec2 d = gl_PointCoord - 0.5;
  float r = dot(d, d);
  if (r > 0.25) discard;
  float h = vHue;
  // Injected GPU work: a loop the compiler cannot remove.
  for (int i = 0; i < 2048; i++) {
    if (i >= shaderWork) break;
    h = fract(sin(h * 91.7 + float(i)) * 43758.5453);
  }
  vec3 c = 0.5 + 0.5 * cos(6.2832 * (vec3(0.0, 0.33, 0.67) + vHue + h * 1e-4));
  color = vec4(c * (1.0 - r * 2.0), 0.85);
}`;

export interface View {
  panX: number;
  panY: number;
  zoom: number;
}

export interface Scene {
  readonly count: number;
  /** Moves every point (CPU work proportional to the count). */
  update(dt: number): void;
  /** Draws all points with the given view. */
  draw(view: View): void;
  /** Extra fragment-shader iterations per pixel (0 = none). */
  shaderWork: number;
  dispose(): void;
}

function compile(gl: WebGL2RenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type);
  if (!shader) throw new Error('createShader failed');
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) {
    throw new Error(gl.getShaderInfoLog(shader) ?? 'shader compile failed');
  }
  return shader;
}

/** Creates the scene with `count` points, seeded so runs are comparable. */
export function createScene(gl: WebGL2RenderingContext, count: number): Scene {
  const program = gl.createProgram();
  gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, VERTEX_SHADER));
  gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, FRAGMENT_SHADER));
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) {
    throw new Error(gl.getProgramInfoLog(program) ?? 'link failed');
  }

  // Deterministic pseudo-random layout: clusters of points on a drifting field.
  let seed = 12345;
  const random = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
  const positions = new Float32Array(count * 2);
  const velocities = new Float32Array(count * 2);
  const hues = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const cluster = i % 7;
    const angle = random() * Math.PI * 2;
    const radius = Math.sqrt(random()) * 0.25;
    positions[2 * i] = Math.cos(cluster) * 0.55 + Math.cos(angle) * radius;
    positions[2 * i + 1] = Math.sin(cluster) * 0.55 + Math.sin(angle) * radius;
    velocities[2 * i] = (random() - 0.5) * 0.02;
    velocities[2 * i + 1] = (random() - 0.5) * 0.02;
    hues[i] = cluster / 7 + random() * 0.05;
  }

  const vao = gl.createVertexArray();
  gl.bindVertexArray(vao);
  const positionBuffer = gl.createBuffer();
  gl.bindBuffer(gl.ARRAY_BUFFER, positionBuffer);
  gl.bufferData(gl.ARRAY_BUFFER, positions, gl.DYNAMIC_DRAW);
  const positionLocation = gl.getAttribLocation(program, 'position');
  gl.enableVertexAttribArray(positionLocation);
  gl.vertexAttribPointer(positionLocation, 2, gl.FLOAT, false, 0, 0);
  const hueBuffer = gl.createBuffer();
  gl.bindBuffer(gl.ARRAY_BUFFER, hueBuffer);
  gl.bufferData(gl.ARRAY_BUFFER, hues, gl.STATIC_DRAW);
  const hueLocation = gl.getAttribLocation(program, 'hue');
  gl.enableVertexAttribArray(hueLocation);
  gl.vertexAttribPointer(hueLocation, 1, gl.FLOAT, false, 0, 0);
  gl.bindVertexArray(null);

  const uniforms = {
    pan: gl.getUniformLocation(program, 'pan'),
    zoom: gl.getUniformLocation(program, 'zoom'),
    pointSize: gl.getUniformLocation(program, 'pointSize'),
    shaderWork: gl.getUniformLocation(program, 'shaderWork'),
  };

  const scene: Scene = {
    count,
    shaderWork: 0,
    update(dt) {
      const step = Math.min(dt, 50) / 1000;
      for (let i = 0; i < count * 2; i++) {
        let p = (positions[i] ?? 0) + (velocities[i] ?? 0) * step;
        // Bounce softly inside [-1, 1].
        if (p > 1 || p < -1) {
          velocities[i] = -(velocities[i] ?? 0);
          p = Math.max(-1, Math.min(1, p));
        }
        positions[i] = p;
      }
      gl.bindBuffer(gl.ARRAY_BUFFER, positionBuffer);
      gl.bufferSubData(gl.ARRAY_BUFFER, 0, positions);
    },
    draw(view) {
      gl.viewport(0, 0, gl.drawingBufferWidth, gl.drawingBufferHeight);
      gl.clearColor(0.06, 0.07, 0.09, 1);
      gl.clear(gl.COLOR_BUFFER_BIT);
      gl.enable(gl.BLEND);
      gl.blendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA);
      gl.useProgram(program);
      gl.uniform2f(uniforms.pan, view.panX, view.panY);
      gl.uniform1f(uniforms.zoom, view.zoom);
      gl.uniform1f(uniforms.pointSize, Math.max(2, 6 * Math.sqrt(view.zoom)));
      gl.uniform1i(uniforms.shaderWork, scene.shaderWork);
      gl.bindVertexArray(vao);
      gl.drawArrays(gl.POINTS, 0, count);
      gl.bindVertexArray(null);
    },
    dispose() {
      gl.deleteBuffer(positionBuffer);
      gl.deleteBuffer(hueBuffer);
      gl.deleteVertexArray(vao);
      gl.deleteProgram(program);
    },
  };
  return scene;
}
