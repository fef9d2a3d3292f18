package routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/** Finds fastest routes (Dijkstra's algorithm). */
public final class Router {
    private final Graph graph;

    public Router(Graph graph) {
        this.graph = graph;
    }

    /**
     * The fastest route from {@code from} to {@code to}, or empty when {@code to} cannot be
     * reached. The route from a place to itself is that place alone with 0 minutes.
     *
     * @throws IllegalArgumentException when a place is not in the graph
     */
    public Optional<Route> fastest(String from, String to) {
        if (!graph.contains(from) || !graph.contains(to)) {
            throw new IllegalArgumentException("unknown place");
        }
        Map<String, Integer> best = new HashMap<>();
        Map<String, String> previous = new HashMap<>();
        Set<String> done = new HashSet<>();
        PriorityQueue<String> queue = new PriorityQueue<>(Comparator.comparingInt(best::get));

        best.put(from, 0);
        done.add(from);
        queue.add(from);
        while (!queue.isEmpty()) {
            String place = queue.poll();
            if (place.equals(to)) {
                break;
            }
            for (Graph.Edge road : graph.roadsFrom(place)) {
                if (done.contains(road.to())) {
                    continue;
                }
                best.put(road.to(), best.get(place) + road.minutes());
                previous.put(road.to(), place);
                done.add(road.to());
                queue.add(road.to());
            }
        }

        if (!best.containsKey(to)) {
            return Optional.empty();
        }
        List<String> places = new ArrayList<>();
        for (String p = to; p != null; p = previous.get(p)) {
            places.add(p);
        }
        Collections.reverse(places);
        return Optional.of(new Route(places, best.get(to)));
    }

    /** Travel time of the fastest route, or -1 when unreachable. */
    public int minutes(String from, String to) {
        return fastest(from, to).map(Route::minutes).orElse(-1);
    }
}
