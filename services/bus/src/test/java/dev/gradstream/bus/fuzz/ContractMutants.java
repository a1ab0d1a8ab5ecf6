package dev.gradstream.bus.fuzz;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.gradstream.bus.Topics;
import dev.gradstream.events.v1.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded mutation of well-formed v1 events: each mutant is a seed event with one to three mutations drawn
 * from a fixed seed, so a failing mutant is reproduced by its seed and index. Mutations reach every field
 * through protobuf reflection: extreme scalar values (0, -1, 2^31-1, -2^31, 2^30, NaN, infinities, -0.0,
 * empty and 10,000-character strings), unknown enum values, huge repeated fields (up to 250,000 numbers or
 * 40,000 messages, e.g. a batch event with 40,000 layers), other schema versions, a missing payload, and raw-byte damage (truncation, bit flips,
 * garbage up to just under the broker's 1 MB limit).
 */
public final class ContractMutants {

    /** One mutant: what was done, and the topic (its seed's), record key and value (null: a tombstone) to send. */
    public record Mutant(int index, String description, String topic, String key, byte[] value) {
    }

    /** Largest value the broker's default message.max.bytes (1,048,588 per batch) lets through uncompressed. */
    public static final int MAX_SENDABLE_BYTES = 1_048_400;

    private static final long[] INTS = {0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 30, 65_537};
    private static final long[] LONGS = {0, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40};
    private static final double[] DOUBLES = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
        Double.MAX_VALUE, Double.MIN_VALUE, 1e308};
    private static final int[] REPEATS = {1_000, 40_000, 250_000};

    private final SplittableRandom random;
    private final List<Event> seeds;

    public ContractMutants(long seed, List<Event> seeds) {
        this.random = new SplittableRandom(seed);
        this.seeds = List.copyOf(seeds);
    }

    /** The next {@code count} mutants. */
    public List<Mutant> next(int count) {
        List<Mutant> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(mutant(i));
        }
        return out;
    }

    private Mutant mutant(int index) {
        Event seed = seeds.get(random.nextInt(seeds.size()));
        String key = seed.getHeader().getRunId() + "-m" + index;
        Event.Builder event = seed.toBuilder();
        event.getHeaderBuilder().setRunId(key);
        StringBuilder what = new StringBuilder(seed.getPayloadCase().name().toLowerCase());
        int kind = random.nextInt(20);
        String topic = Topics.forEvent(seed);
        if (kind < 3) {
            return raw(index, topic, key, event.build(), what);
        }
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            what.append("; ").append(mutateOnce(event));
        }
        byte[] value = event.build().toByteArray();
        if (value.length > MAX_SENDABLE_BYTES) {
            what.append("; cut to the broker's limit");
            value = java.util.Arrays.copyOf(value, MAX_SENDABLE_BYTES);
        }
        return new Mutant(index, what.toString(), topic, key, value);
    }

    /** Damage at the byte level: garbage, truncation, bit flips, an empty value. */
    private Mutant raw(int index, String topic, String key, Event event, StringBuilder what) {
        byte[] bytes = event.toByteArray();
        switch (random.nextInt(4)) {
            case 0 -> {
                int[] sizes = {1, 45, 1_000, 100_000, MAX_SENDABLE_BYTES};
                bytes = new byte[sizes[random.nextInt(sizes.length)]];
                random.nextBytes(bytes);
                what.append("; garbage of ").append(bytes.length).append(" bytes");
            }
            case 1 -> {
                int at = random.nextInt(Math.max(1, bytes.length));
                bytes = java.util.Arrays.copyOf(bytes, at);
                what.append("; truncated to ").append(at).append(" bytes");
            }
            case 2 -> {
                for (int f = 0; f < 1 + random.nextInt(4); f++) {
                    int at = random.nextInt(Math.max(1, bytes.length));
                    if (bytes.length > 0) {
                        bytes[at] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                what.append("; bits flipped");
            }
            default -> {
                bytes = null;
                what.append("; no value (a tombstone)");
            }
        }
        return new Mutant(index, what.toString(), topic, key, bytes);
    }

    /** One mutation of {@code event} in place; returns what it did. */
    private String mutateOnce(Event.Builder event) {
        int kind = random.nextInt(10);
        if (kind == 0) {
            int[] versions = {0, 2, 99};
            int v = versions[random.nextInt(versions.length)];
            event.getHeaderBuilder().setSchemaVersion(v);
            return "schema_version " + v;
        }
        if (kind == 1) {
            event.clearPayload();
            event.getHeaderBuilder().setSchemaVersion(1);
            return "payload cleared";
        }
        List<Message.Builder> builders = new ArrayList<>();
        collect(event, builders);
        Message.Builder target = builders.get(random.nextInt(builders.size()));
        List<FieldDescriptor> fields = target.getDescriptorForType().getFields().stream()
                .filter(f -> !f.isMapField() && (f.isRepeated() || f.getJavaType() != FieldDescriptor.JavaType.MESSAGE))
                .toList();
        if (fields.isEmpty()) {
            return "nothing";
        }
        FieldDescriptor field = fields.get(random.nextInt(fields.size()));
        return field.isRepeated() ? repeat(target, field) : extreme(target, field);
    }

    /** Every message builder in the tree (header, payload and nested messages, first element of repeated ones). */
    private static void collect(Message.Builder builder, List<Message.Builder> out) {
        out.add(builder);
        for (FieldDescriptor f : builder.getDescriptorForType().getFields()) {
            if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE || f.isMapField()) {
                continue;
            }
            if (f.isRepeated()) {
                if (builder.getRepeatedFieldCount(f) > 0) {
                    collect(builder.getRepeatedFieldBuilder(f, 0), out);
                }
            } else if (builder.hasField(f) || f.getContainingOneof() == null) {
                collect(builder.getFieldBuilder(f), out);
            }
        }
    }

    private String extreme(Message.Builder b, FieldDescriptor f) {
        Object value = switch (f.getJavaType()) {
            case INT -> (int) INTS[random.nextInt(INTS.length)];
            case LONG -> LONGS[random.nextInt(LONGS.length)];
            case DOUBLE -> DOUBLES[random.nextInt(DOUBLES.length)];
            case FLOAT -> (float) DOUBLES[random.nextInt(DOUBLES.length)];
            case BOOLEAN -> random.nextBoolean();
            case STRING -> random.nextBoolean() ? "" : "x".repeat(10_000);
            case ENUM -> unknownEnum(f.getEnumType());
            default -> null;
        };
        if (value == null) {
            return "nothing";
        }
        b.setField(f, value);
        return f.getName() + " = " + describe(value);
    }

    private String repeat(Message.Builder b, FieldDescriptor f) {
        int n = REPEATS[random.nextInt(REPEATS.length)];
        Object element = switch (f.getJavaType()) {
            case INT -> (int) INTS[random.nextInt(INTS.length)];
            case LONG -> LONGS[random.nextInt(LONGS.length)];
            case DOUBLE -> DOUBLES[random.nextInt(DOUBLES.length)];
            case FLOAT -> (float) DOUBLES[random.nextInt(DOUBLES.length)];
            case STRING -> "class";
            case ENUM -> unknownEnum(f.getEnumType());
            case MESSAGE -> b.newBuilderForField(f).build();
            default -> null;
        };
        if (element == null) {
            return "nothing";
        }
        if (element instanceof Message) {
            n = Math.min(n, 40_000);
        }
        for (int i = 0; i < n; i++) {
            b.addRepeatedField(f, element);
        }
        return f.getName() + " + " + n + " x " + describe(element);
    }

    private static Object unknownEnum(EnumDescriptor type) {
        return type.findValueByNumberCreatingIfUnknown(97);
    }

    private static String describe(Object value) {
        String s = String.valueOf(value);
        if (value instanceof Message m) {
            return m.getDescriptorForType().getName();
        }
        return s.length() > 20 ? s.length() + " characters" : s;
    }
}
