package dev.codedpo.models.script;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A TorchScript module compiled by the engine from source text that this program writes, with no Python and no
 * PyTorch install: the module is packed into the archive layout that {@code torch.jit.load} reads (a zip with one
 * top-level folder holding {@code version}, {@code constants.pkl}, {@code data.pkl} and {@code code/__torch__.py})
 * and loaded through DJL. The module holds no tensors (weights travel as arguments), so {@code data.pkl} is only the
 * module object with its {@code training} flag.
 *
 * <p>Why: a whole decode step becomes one engine call running in the TorchScript interpreter, instead of a few
 * hundred DJL calls that each cost JNI and bookkeeping; and the script can call engine ops that DJL's NDArray API
 * does not expose (fused attention, MKL's pre-packed GEMM).
 */
public final class TorchScriptModule {
    /** File-format version written to the archive: 5 needs no operator upgraders (div, full) on load. */
    private static final String FORMAT_VERSION = "5";
    private static final String CLASS_NAME = "Decoder";

    private TorchScriptModule() {}

    /**
     * Compiles {@code source}, the body of {@code class Decoder(Module)} (methods indented by two spaces), and
     * returns the loaded module, attached to {@code manager}.
     *
     * @throws ai.djl.engine.EngineException with the engine's compiler message when the source does not compile
     */
    public static PtSymbolBlock load(NDManager manager, String classBody) {
        byte[] archive = archive(classBody);
        try {
            PtSymbolBlock block = JniUtils.loadModule((PtNDManager) manager, new ByteArrayInputStream(archive),
                    true, false);
            JniUtils.enableInferenceMode(block);
            return block;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The archive bytes for a module class with the given body. */
    static byte[] archive(String classBody) {
        String code = "class " + CLASS_NAME + "(Module):\n"
                + "  __parameters__ = []\n"
                + "  __buffers__ = []\n"
                + "  training : bool\n"
                + classBody;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            // The reader takes the folder of the first entry as the archive's root.
            stored(zip, "archive/version", (FORMAT_VERSION + "\n").getBytes(StandardCharsets.US_ASCII));
            stored(zip, "archive/constants.pkl", Pickle.emptyTuple());
            stored(zip, "archive/data.pkl", Pickle.moduleObject("__torch__", CLASS_NAME));
            stored(zip, "archive/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    /** The few pickle (protocol 2) records a tensor-free module archive needs. */
    static final class Pickle {
        private static final int PROTO = 0x80;
        private static final int GLOBAL = 'c';
        private static final int EMPTY_TUPLE = ')';
        private static final int NEWOBJ = 0x81;
        private static final int EMPTY_DICT = '}';
        private static final int MARK = '(';
        private static final int BINUNICODE = 'X';
        private static final int NEWFALSE = 0x89;
        private static final int SETITEMS = 'u';
        private static final int BUILD = 'b';
        private static final int STOP = '.';

        private Pickle() {}

        static byte[] emptyTuple() {
            return new byte[] {(byte) PROTO, 2, EMPTY_TUPLE, STOP};
        }

        /** module.Class() with its state dict {"training": False}, as TorchScript's pickler writes an Object. */
        static byte[] moduleObject(String module, String className) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(PROTO);
            out.write(2);
            out.write(GLOBAL);
            out.writeBytes((module + "\n" + className + "\n").getBytes(StandardCharsets.US_ASCII));
            out.write(EMPTY_TUPLE);
            out.write(NEWOBJ);
            out.write(EMPTY_DICT);
            out.write(MARK);
            unicode(out, "training");
            out.write(NEWFALSE);
            out.write(SETITEMS);
            out.write(BUILD);
            out.write(STOP);
            return out.toByteArray();
        }

        private static void unicode(ByteArrayOutputStream out, String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.write(BINUNICODE);
            out.write(b.length & 0xff);
            out.write((b.length >>> 8) & 0xff);
            out.write((b.length >>> 16) & 0xff);
            out.write((b.length >>> 24) & 0xff);
            out.writeBytes(b);
        }
    }
}
