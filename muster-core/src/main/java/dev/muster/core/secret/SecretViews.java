package dev.muster.core.secret;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Read-only views of variables in which a {@link Secret} reads as its value, resolved on first
 * access (at any depth of maps and lists): what a template engine sees, so only the secrets a
 * template really reads are resolved.
 */
public final class SecretViews {
    private SecretViews() {
    }

    /** {@code value} as a template should see it. */
    public static Object view(Object value) {
        if (value instanceof Secret s) {
            return s.value();
        }
        // not scanned for secrets first: a lazy map (facts) must not be read before it is used
        if (value instanceof Map<?, ?> map && !(value instanceof MapView)) {
            return new MapView(map);
        }
        if (value instanceof List<?> list && !(value instanceof ListView)) {
            return new ListView(list);
        }
        return value;
    }

    /** A map of variables whose secrets resolve when read. */
    public static Map<String, Object> map(Map<String, Object> vars) {
        @SuppressWarnings("unchecked")
        Map<String, Object> view = (Map<String, Object>) (Map<?, ?>) new MapView(vars);
        return view;
    }

    private static final class MapView extends AbstractMap<Object, Object> {
        private final Map<?, ?> map;

        MapView(Map<?, ?> map) {
            this.map = map;
        }

        @Override
        public Object get(Object key) {
            return view(map.get(key));
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public Set<Entry<Object, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<Object, Object>> iterator() {
                    Iterator<? extends Entry<?, ?>> it = map.entrySet().iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Entry<Object, Object> next() {
                            Entry<?, ?> e = it.next();
                            return new Entry<>() {
                                @Override
                                public Object getKey() {
                                    return e.getKey();
                                }

                                @Override
                                public Object getValue() {
                                    return view(e.getValue());
                                }

                                @Override
                                public Object setValue(Object value) {
                                    throw new UnsupportedOperationException();
                                }
                            };
                        }
                    };
                }

                @Override
                public int size() {
                    return map.size();
                }
            };
        }
    }

    private static final class ListView extends AbstractList<Object> {
        private final List<?> list;

        ListView(List<?> list) {
            this.list = list;
        }

        @Override
        public Object get(int index) {
            return view(list.get(index));
        }

        @Override
        public int size() {
            return list.size();
        }
    }
}
