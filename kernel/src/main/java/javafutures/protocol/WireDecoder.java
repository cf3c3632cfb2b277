package javafutures.protocol;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import org.dflib.jjava.jupyter.kernel.ExpressionValue;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.KernelTimestamp;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.ReplyType;
import org.dflib.jjava.jupyter.messages.adapters.ExpressionValueAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HeaderAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HistoryEntryAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HistoryRequestAdapter;
import org.dflib.jjava.jupyter.messages.adapters.KernelTimestampAdapter;
import org.dflib.jjava.jupyter.messages.adapters.MessageTypeAdapter;
import org.dflib.jjava.jupyter.messages.adapters.PublishStatusAdapter;
import org.dflib.jjava.jupyter.messages.adapters.ReplyTypeAdapter;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Decodes one request from the frames of one multipart ZeroMQ message, with jjava's message types and
 * JSON adapters. Why not jjava's {@code JupyterSocket.readMessage}: it reads frame by frame without
 * checking where the multipart message ends, so a malformed message (say, a lone delimiter) makes it
 * read on into the next client's request and swallow it. Here every frame of one message is in hand
 * first, and a malformed or badly signed message is rejected whole. Thread-safe (stateless apart from
 * the HMAC generator, which synchronises itself).
 */
final class WireDecoder {
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private static final Type MAP = new TypeToken<Map<String, Object>>() {
    }.getType();
    private static final Gson GSON;

    static {
        Gson replyGson = new GsonBuilder()
                .registerTypeAdapter(HistoryEntry.class, HistoryEntryAdapter.INSTANCE)
                .registerTypeAdapter(ExpressionValue.class, ExpressionValueAdapter.INSTANCE)
                .create();
        GSON = new GsonBuilder()
                .registerTypeAdapter(KernelTimestamp.class, KernelTimestampAdapter.INSTANCE)
                .registerTypeAdapter(Header.class, HeaderAdapter.INSTANCE)
                .registerTypeAdapter(MessageType.class, MessageTypeAdapter.INSTANCE)
                .registerTypeAdapter(PublishStatus.class, PublishStatusAdapter.INSTANCE)
                .registerTypeAdapter(HistoryRequest.class, HistoryRequestAdapter.INSTANCE)
                .registerTypeHierarchyAdapter(ReplyType.class, new ReplyTypeAdapter(replyGson))
                .create();
    }

    /** Why a message was rejected. */
    static final class RejectedMessage extends Exception {
        RejectedMessage(String why) {
            super(why, null, false, false);
        }
    }

    private final HMACGenerator hmac;

    WireDecoder(HMACGenerator hmac) {
        this.hmac = hmac;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    Message<?> decode(List<byte[]> frames) throws RejectedMessage {
        int d = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(DELIMITER, frames.get(i))) {
                d = i;
                break;
            }
        }
        if (d < 0) throw new RejectedMessage("no <IDS|MSG> delimiter in " + frames.size() + " frames");
        if (frames.size() < d + 6) throw new RejectedMessage("only " + (frames.size() - d - 1) + " frames after the delimiter, 5 needed");
        List<byte[]> identities = new ArrayList<>(frames.subList(0, d));
        String signature = new String(frames.get(d + 1), StandardCharsets.US_ASCII);
        byte[] header = frames.get(d + 2);
        byte[] parent = frames.get(d + 3);
        byte[] metadata = frames.get(d + 4);
        byte[] content = frames.get(d + 5);
        String expected = hmac.calculateSignature(header, parent, metadata, content);
        if (expected != null && !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            throw new RejectedMessage("invalid signature");
        }
        try {
            Header<?> h = GSON.fromJson(new String(header, StandardCharsets.UTF_8), Header.class);
            if (h == null || h.getType() == null) throw new RejectedMessage("header has no msg_type");
            Header<?> parentHeader = null;
            JsonElement p = JsonParser.parseString(new String(parent, StandardCharsets.UTF_8));
            if (p.isJsonObject() && !p.getAsJsonObject().isEmpty()) parentHeader = GSON.fromJson(p, Header.class);
            Map<String, Object> meta = GSON.fromJson(new String(metadata, StandardCharsets.UTF_8), MAP);
            Object body = GSON.fromJson(new String(content, StandardCharsets.UTF_8), h.getType().getContentType());
            if (body == null) throw new RejectedMessage("empty content for " + h.getType().getName());
            List<byte[]> blobs = new ArrayList<>(frames.subList(d + 6, frames.size()));
            return new Message(identities, h, parentHeader, meta, body, blobs);
        } catch (RuntimeException e) {
            throw new RejectedMessage("malformed JSON: " + e.getMessage());
        }
    }
}
