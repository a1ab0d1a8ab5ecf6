package dev.gradstream.events.v1;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The golden files of the v1 events: for each payload of {@link Event}, {@code <payload>.pb} (the bytes a
 * producer wrote) and {@code <payload>.txtpb} (the same event in protobuf text format, by field name).
 * Reading them with the current schema pins field numbers (binary) and field names (text).
 */
final class GoldenFiles {

    /** The golden directory in the source tree (Surefire runs in the module's directory). */
    static final Path DIR = Path.of(System.getProperty("basedir", ".")).resolve("src/test/resources/golden");

    private GoldenFiles() {
    }

    /** The file stem of a payload: the name of its field in the oneof, e.g. {@code epoch_metrics}. */
    static String stem(Event.PayloadCase payload) {
        return Event.getDescriptor().findFieldByNumber(payload.getNumber()).getName();
    }

    static Path binary(Event.PayloadCase payload) {
        return DIR.resolve(stem(payload) + ".pb");
    }

    static Path text(Event.PayloadCase payload) {
        return DIR.resolve(stem(payload) + ".txtpb");
    }

    /** Every payload case of the current schema. */
    static List<Event.PayloadCase> payloads() {
        return Arrays.stream(Event.PayloadCase.values()).filter(p -> p != Event.PayloadCase.PAYLOAD_NOT_SET).toList();
    }

    /**
     * Reads the golden event of {@code payload} and checks that the current schema still reads it exactly:
     * both files parse, to the same event, with the expected payload, no field unknown to the schema, a full
     * header, and the binary form re-encodes to the very same bytes.
     *
     * @throws AssertionError naming the file and what no longer holds
     */
    static Event readChecked(Event.PayloadCase payload) {
        Path pb = binary(payload);
        Path txt = text(payload);
        byte[] bytes = read(pb);
        Event fromBinary;
        try {
            fromBinary = Event.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(pb + " no longer parses as gradstream.events.v1.Event: " + e.getMessage(), e);
        }
        check(fromBinary.getPayloadCase() == payload, pb + " holds payload " + fromBinary.getPayloadCase()
                + ", expected " + payload + " (was a oneof field renumbered?)");
        List<String> unknown = new ArrayList<>();
        collectUnknown(fromBinary, "Event", unknown);
        check(unknown.isEmpty(), pb + " has fields the schema no longer knows (removed or renumbered): " + unknown);
        EventHeader h = fromBinary.getHeader();
        check(h.getSchemaVersion() == 1 && !h.getRunId().isEmpty() && h.getBackend() != Backend.BACKEND_UNSPECIFIED
                && h.getTask() != Task.TASK_UNSPECIFIED && h.getEventTimeUnixMs() > 0,
                pb + " has an incomplete header: " + TextFormat.shortDebugString(h));
        Event fromText;
        try {
            fromText = TextFormat.parse(new String(read(txt), StandardCharsets.UTF_8), Event.class);
        } catch (TextFormat.ParseException e) {
            throw new AssertionError(txt + " no longer parses (was a field renamed or removed?): " + e.getMessage(), e);
        }
        check(fromText.equals(fromBinary), txt + " and " + pb + " no longer decode to the same event (was a field "
                + "renumbered?):\n" + fromText + "\nvs\n" + fromBinary);
        check(Arrays.equals(fromBinary.toByteArray(), bytes), pb + " re-encodes to different bytes (did a field "
                + "change type?)");
        return fromBinary;
    }

    /** Writes both golden files of {@code event}. */
    static void write(Event event) {
        Event.PayloadCase payload = event.getPayloadCase();
        String header = "# proto-file: gradstream/events/v1/event.proto\n"
                + "# proto-message: gradstream.events.v1.Event\n"
                + "# Golden " + stem(payload) + " event: the text twin of " + stem(payload) + ".pb.\n"
                + "# Generated from GoldenEvents.java; see proto/README.md before editing.\n";
        try {
            Files.createDirectories(DIR);
            Files.write(binary(payload), event.toByteArray());
            Files.writeString(text(payload), header + TextFormat.printer().printToString(event));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the golden files of " + payload + " in " + DIR, e);
        }
    }

    /**
     * Fields of v1 messages that none of {@code events} sets to a non-default value, as
     * {@code Message.field}; the members of Event's payload oneof count as set when any event carries them.
     */
    static List<String> unsetFields(Iterable<Event> events) {
        Set<String> all = new TreeSet<>();
        Set<String> set = new TreeSet<>();
        collectFields(Event.getDescriptor(), all, new HashSet<>());
        for (Event e : events) {
            collectSet(e, set);
        }
        all.removeAll(set);
        return List.copyOf(all);
    }

    private static void collectFields(Descriptor type, Set<String> out,
                                      Set<String> seen) {
        if (type.getOptions().getMapEntry() || !seen.add(type.getFullName())) {
            return;
        }
        for (FieldDescriptor f : type.getFields()) {
            out.add(type.getName() + "." + f.getName());
            if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                collectFields(f.getMessageType(), out, seen);
            }
        }
    }

    private static void collectSet(Message m, Set<String> out) {
        for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
            FieldDescriptor f = e.getKey();
            out.add(m.getDescriptorForType().getName() + "." + f.getName());
            if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isMapField()) {
                if (f.isRepeated()) {
                    for (Object o : (List<?>) e.getValue()) {
                        collectSet((Message) o, out);
                    }
                } else {
                    collectSet((Message) e.getValue(), out);
                }
            }
        }
    }

    private static void collectUnknown(Message m, String path, List<String> out) {
        if (!m.getUnknownFields().asMap().isEmpty()) {
            out.add(path + " fields " + m.getUnknownFields().asMap().keySet());
        }
        for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
            FieldDescriptor f = e.getKey();
            if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            String p = path + "." + f.getName();
            if (f.isRepeated()) {
                for (Object o : (List<?>) e.getValue()) {
                    collectUnknown((Message) o, p, out);
                }
            } else {
                collectUnknown((Message) e.getValue(), p, out);
            }
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new AssertionError("cannot read golden file " + file + ": " + e, e);
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
