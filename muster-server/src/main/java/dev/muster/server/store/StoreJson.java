package dev.muster.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.core.RunException;
import java.util.List;
import java.util.Map;

/** The JSON columns (spec, counts, target, owed): written from values, read back into them. */
final class StoreJson {
    static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    static final TypeReference<Map<String, Integer>> COUNTS = new TypeReference<>() { };
    static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private final ObjectMapper mapper = new ObjectMapper();

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot store as JSON: " + e.getMessage(), e);
        }
    }

    /** Null for a null column. */
    <T> T read(String text, TypeReference<T> type) {
        if (text == null) {
            return null;
        }
        try {
            return mapper.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new RunException("bad JSON in the store: " + text, e);
        }
    }
}
