// Leggio viewer: follow this device's microphone. Streams mono float32 samples (little-endian, the
// AudioContext's own rate) to the gateway's /ws/ingest/{session}?rate=HZ&token=…; the gateway runs the
// same front end as every other source. Needs a secure context (https, or http on localhost/127.0.0.1).
const button = document.getElementById('btn-mic');

function sessionAndToken() {
  const q = new URLSearchParams(location.search);
  const m = location.pathname.match(/^\/sessions\/([^/]+)/);
  return { session: q.get('session') || (m ? decodeURIComponent(m[1]) : ''), token: q.get('token') || '' };
}

let running = null;

async function start() {
  const { session, token } = sessionAndToken();
  if (!session) return;
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    button.title = 'No microphone access here (it needs https or localhost)';
    return;
  }
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1 },
  });
  const context = new AudioContext();
  const input = context.createMediaStreamSource(stream);
  // ScriptProcessor is deprecated but needs no extra module; 4096 samples ≈ 85-93 ms per frame
  const processor = context.createScriptProcessor(4096, 1, 1);
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  let url = `${scheme}://${location.host}/ws/ingest/${encodeURIComponent(session)}?rate=${context.sampleRate}`;
  if (token) url += `&token=${encodeURIComponent(token)}`;
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  processor.onaudioprocess = (event) => {
    if (socket.readyState === WebSocket.OPEN) {
      // Float32Array is little-endian on every platform browsers run on
      socket.send(new Float32Array(event.inputBuffer.getChannelData(0)).buffer);
    }
  };
  input.connect(processor);
  processor.connect(context.destination);
  socket.onclose = () => stop();
  running = { stream, context, socket };
  button.classList.add('active');
  button.textContent = '■ Stop mic';
}

function stop() {
  if (!running) return;
  const { stream, context, socket } = running;
  running = null;
  if (socket.readyState === WebSocket.OPEN) socket.send('end');
  socket.close();
  stream.getTracks().forEach((t) => t.stop());
  context.close();
  button.classList.remove('active');
  button.textContent = '🎤 Mic';
}

if (button) {
  button.addEventListener('click', () => {
    if (running) {
      stop();
    } else {
      start().catch((e) => {
        button.title = `Microphone unavailable: ${e.message}`;
      });
    }
  });
}
