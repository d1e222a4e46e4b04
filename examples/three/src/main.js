// A three.js scene monitored by perfwarden: an instanced cloud of spheres whose count and
// tessellation can be raised live (URL parameters `count` and `detail`, or the panel). The
// three.js adapter times every `renderer.render()` as the GPU pass `gpu.render`; the HUD shows
// it with the CPU work per frame. Plain JavaScript, as many three.js apps are written.
import { consoleExporter, createMonitor } from 'perfwarden';
import { createDetector } from 'perfwarden/detect';
import { createHud } from 'perfwarden/hud';
import { gpuTimer, instrumentThree } from 'perfwarden/webgl';
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';

const params = new URLSearchParams(location.search);
const settings = {
  count: Number(params.get('count') ?? 1000),
  detail: Number(params.get('detail') ?? 16),
};

const renderer = new THREE.WebGLRenderer({ antialias: true });
renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
renderer.setSize(window.innerWidth, window.innerHeight);
document.body.prepend(renderer.domElement);

const scene = new THREE.Scene();
scene.add(new THREE.HemisphereLight(0xffffff, 0x223344, 2));
const camera = new THREE.PerspectiveCamera(50, window.innerWidth / window.innerHeight, 0.1, 200);
camera.position.set(0, 0, 40);
const controls = new OrbitControls(camera, renderer.domElement);
controls.enableDamping = true;

// The monitor, the GPU timer on three's own context, the adapter and the HUD.
const monitor = createMonitor({
  context: { scene: `spheres-${settings.count}x${settings.detail}` },
  // The detector: the HUD's verdicts and regression toasts come from it.
  detector: createDetector(),
  exporters: [consoleExporter()],
});
const timer = gpuTimer(renderer.getContext(), { monitor });
instrumentThree(renderer, timer);
createHud(monitor, { target: document.body, metrics: ['cpu', 'gpu', 'frame'] });
monitor.start();

/** Rebuilds the instanced spheres (a new workload: the monitor's context says so). */
let mesh;
function build() {
  if (mesh) {
    scene.remove(mesh);
    mesh.geometry.dispose();
  }
  const geometry = new THREE.SphereGeometry(0.35, settings.detail, settings.detail / 2);
  mesh = new THREE.InstancedMesh(geometry, new THREE.MeshStandardMaterial(), settings.count);
  const matrix = new THREE.Matrix4();
  const colour = new THREE.Color();
  for (let i = 0; i < settings.count; i++) {
    // A golden-angle spiral on a sphere shell, with some depth.
    const t = i / settings.count;
    const radius = 12 + 6 * Math.sin(i * 0.37);
    const polar = Math.acos(1 - 2 * t);
    const azimuth = i * 2.39996;
    matrix.setPosition(
      radius * Math.sin(polar) * Math.cos(azimuth),
      radius * Math.cos(polar),
      radius * Math.sin(polar) * Math.sin(azimuth),
    );
    mesh.setMatrixAt(i, matrix);
    mesh.setColorAt(i, colour.setHSL(t, 0.6, 0.55));
  }
  scene.add(mesh);
  monitor.setContext({ scene: `spheres-${settings.count}x${settings.detail}` });
}
build();

for (const key of ['count', 'detail']) {
  const input = document.getElementById(key);
  if (!(input instanceof HTMLInputElement)) continue;
  input.value = String(settings[key]);
  input.addEventListener('change', () => {
    settings[key] = Number(input.value);
    build();
  });
}

window.addEventListener('resize', () => {
  camera.aspect = window.innerWidth / window.innerHeight;
  camera.updateProjectionMatrix();
  renderer.setSize(window.innerWidth, window.innerHeight);
});

renderer.setAnimationLoop((time) => {
  mesh.rotation.y = time * 0.0001;
  controls.update();
  renderer.render(scene, camera);
});

// For automation and the console.
window.threeExample = { monitor, renderer, settings };
