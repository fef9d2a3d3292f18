package routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An undirected road network with non-negative travel times (minutes) on the roads. */
public final class Graph {
    /** A road leaving a place. */
    public record Edge(String to, int minutes) {
    }

    private final Map<String, List<Edge>> adjacency = new LinkedHashMap<>();

    public Graph addPlace(String name) {
        adjacency.computeIfAbsent(name, k -> new ArrayList<>());
        return this;
    }

    /** Adds a two-way road. Several roads between the same places are allowed. */
    public Graph addRoad(String a, String b, int minutes) {
        if (minutes < 0) {
            throw new IllegalArgumentException("travel time must not be negative");
        }
        addPlace(a);
        addPlace(b);
        adjacency.get(a).add(new Edge(b, minutes));
        adjacency.get(b).add(new Edge(a, minutes));
        return this;
    }

    public boolean contains(String place) {
        return adjacency.containsKey(place);
    }

    public Set<String> places() {
        return Collections.unmodifiableSet(adjacency.keySet());
    }

    public List<Edge> roadsFrom(String place) {
        return Collections.unmodifiableList(adjacency.getOrDefault(place, List.of()));
    }
}
