package org.leggio.model.internal;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.concurrent.atomic.AtomicBoolean;
import org.leggio.model.EmbedderOptions.DeviceChoice;
import org.leggio.model.EmbeddingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the inference device and reports the choice once per process. */
public final class Devices {
    private static final Logger LOG = LoggerFactory.getLogger(Devices.class);
    private static final AtomicBoolean LOGGED = new AtomicBoolean();

    private Devices() {}

    /** The DJL engine (PyTorch), or an {@link EmbeddingException} when it can't start. */
    public static Engine engine() {
        try {
            return Engine.getInstance();
        } catch (RuntimeException | LinkageError e) {
            throw new EmbeddingException("the DJL PyTorch engine can't start (offline flag set: "
                    + Boolean.getBoolean("ai.djl.offline") + "): " + e, e);
        }
    }

    /** {@code gpu(0)} when asked or when AUTO and the engine sees a GPU; otherwise {@code cpu()}. */
    public static Device choose(DeviceChoice choice) {
        Engine engine = engine();
        int gpus = engine.getGpuCount();
        Device device;
        switch (choice) {
            case CPU:
                device = Device.cpu();
                break;
            case GPU:
                if (gpus == 0) {
                    throw new EmbeddingException("a GPU was asked for but the " + engine.getEngineName()
                            + " engine sees none (a CUDA build of libtorch, e.g. pytorch-native-cu124, must"
                            + " replace pytorch-native-cpu on the classpath, and a CUDA driver must be present)");
                }
                device = Device.gpu();
                break;
            default:
                device = gpus > 0 ? Device.gpu() : Device.cpu();
                break;
        }
        if (LOGGED.compareAndSet(false, true)) {
            LOG.info("embedding network runs on {} ({} {}, {} GPU(s) visible, choice {})",
                    device, engine.getEngineName(), engine.getVersion(), gpus, choice);
        }
        return device;
    }
}
