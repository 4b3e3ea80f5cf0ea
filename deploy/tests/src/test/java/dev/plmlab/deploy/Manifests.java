package dev.plmlab.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Multi-document Kubernetes YAML parsed into fabric8's typed objects, and lookups over them. */
final class Manifests {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    final List<HasMetadata> objects;

    private Manifests(List<HasMetadata> objects) {
        this.objects = List.copyOf(objects);
    }

    /** Parses every non-empty document; a document of comments only (helm's "# Source:" headers) is skipped. */
    static Manifests parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
            boolean hasContent = document.lines().map(String::strip).anyMatch(l -> !l.isEmpty() && !l.startsWith("#"));
            if (hasContent) {
                objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
            }
        }
        return new Manifests(objects);
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name
                + " among " + objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList()));
    }

    /** Resources of a kind fabric8 has no class for (e.g. ServiceMonitor). */
    List<GenericKubernetesResource> generic(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(r -> kind.equals(r.getKind())).toList();
    }

    /** Every resource fabric8 has no class for, parsed strictly into its record (CustomResources); fails on an unknown kind or field. */
    List<CustomResources.Resource> customResources() {
        return all(GenericKubernetesResource.class).stream().map(CustomResources::parse).toList();
    }

    /** The custom resources of one record type, parsed strictly. */
    <T extends CustomResources.Resource> List<T> custom(Class<T> type) {
        return customResources().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /**
     * Every field the typed model did not recognise, as "Kind/name: path.field". Jackson puts
     * an unknown (misspelt, wrongly nested) field into the object's additionalProperties map
     * instead of failing, so this walk is what catches a "readinesProbe".
     * Resources without a typed class (GenericKubernetesResource) are not walked: {@link #customResources}
     * parses them strictly instead.
     */
    List<String> unknownFields() {
        List<String> found = new ArrayList<>();
        for (HasMetadata object : objects) {
            if (!(object instanceof GenericKubernetesResource)) {
                walk(object, object.getKind() + "/" + object.getMetadata().getName(), found,
                        java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
            }
        }
        return found;
    }

    private static void walk(Object value, String path, List<String> found, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "[" + k + "]", found, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> found.add(path + "." + k));
                }
            } else {
                String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
                walk(child, path + "." + field, found, seen);
            }
        }
    }
}
