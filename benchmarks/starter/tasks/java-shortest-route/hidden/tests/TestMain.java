import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import routing.Graph;
import routing.Route;
import routing.Router;

public final class TestMain {
    public static void main(String[] args) {
        Check.run("single road", () -> {
            Router r = new Router(new Graph().addRoad("Mill", "Harbor", 12));
            Check.eq(Optional.of(new Route(List.of("Mill", "Harbor"), 12)), r.fastest("Mill", "Harbor"));
        });

        Check.run("same place", () -> {
            Router r = new Router(new Graph().addRoad("A", "B", 3));
            Check.eq(new Route(List.of("A"), 0), r.fastest("A", "A").orElseThrow());
        });

        Check.run("unreachable", () -> {
            Graph g = new Graph().addRoad("A", "B", 1).addPlace("Island");
            Check.eq(Optional.empty(), new Router(g).fastest("A", "Island"));
            Check.eq(-1, new Router(g).minutes("Island", "B"));
        });

        Check.run("unknown place", () -> {
            Check.fails(IllegalArgumentException.class, () -> new Router(new Graph().addPlace("A")).fastest("A", "Nowhere"));
        });

        Check.run("detour is faster than the direct road", () -> {
            Graph g = new Graph().addRoad("A", "B", 10).addRoad("A", "C", 1).addRoad("C", "B", 2);
            Check.eq(new Route(List.of("A", "C", "B"), 3), new Router(g).fastest("A", "B").orElseThrow());
        });

        Check.run("longer chain beats a shortcut found first", () -> {
            Graph g = new Graph()
                    .addRoad("Depot", "Market", 50)
                    .addRoad("Depot", "Bridge", 5)
                    .addRoad("Bridge", "Park", 5)
                    .addRoad("Park", "School", 5)
                    .addRoad("School", "Market", 5)
                    .addRoad("Bridge", "Market", 40);
            Route route = new Router(g).fastest("Depot", "Market").orElseThrow();
            Check.eq(List.of("Depot", "Bridge", "Park", "School", "Market"), route.places());
            Check.eq(20, route.minutes());
        });

        Check.run("parallel roads use the faster one", () -> {
            Graph g = new Graph().addRoad("X", "Y", 9).addRoad("X", "Y", 4);
            Check.eq(4, new Router(g).minutes("X", "Y"));
            Check.eq(4, new Router(g).minutes("Y", "X"));
        });

        Check.run("zero-minute roads", () -> {
            Graph g = new Graph().addRoad("P", "Q", 0).addRoad("Q", "R", 0).addRoad("P", "R", 1);
            Check.eq(0, new Router(g).minutes("P", "R"));
        });

        Check.run("matches a brute-force search on random networks", () -> {
            Random random = new Random(20240611L);
            for (int round = 0; round < 40; round++) {
                int n = 6 + random.nextInt(10);
                Graph g = new Graph();
                List<int[]> roads = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    g.addPlace("p" + i);
                }
                int m = n + random.nextInt(3 * n);
                for (int k = 0; k < m; k++) {
                    int a = random.nextInt(n);
                    int b = random.nextInt(n);
                    int w = random.nextInt(30);
                    g.addRoad("p" + a, "p" + b, w);
                    roads.add(new int[] {a, b, w});
                }
                long[] expected = bellmanFord(n, roads, 0);
                Router router = new Router(g);
                for (int t = 0; t < n; t++) {
                    Optional<Route> route = router.fastest("p0", "p" + t);
                    if (expected[t] == Long.MAX_VALUE) {
                        Check.eq(Optional.empty(), route);
                        continue;
                    }
                    Check.eq((int) expected[t], route.orElseThrow().minutes());
                    Check.eq("p" + t, route.get().places().get(route.get().places().size() - 1));
                    Check.eq("p0", route.get().places().get(0));
                    Check.eq(route.get().minutes(), pathLength(roads, route.get().places()));
                }
            }
        });

        System.exit(Check.finish());
    }

    private static long[] bellmanFord(int n, List<int[]> roads, int source) {
        long[] dist = new long[n];
        java.util.Arrays.fill(dist, Long.MAX_VALUE);
        dist[source] = 0;
        for (int i = 0; i < n; i++) {
            for (int[] r : roads) {
                for (int dir = 0; dir < 2; dir++) {
                    int u = dir == 0 ? r[0] : r[1];
                    int v = dir == 0 ? r[1] : r[0];
                    if (dist[u] != Long.MAX_VALUE && dist[u] + r[2] < dist[v]) {
                        dist[v] = dist[u] + r[2];
                    }
                }
            }
        }
        return dist;
    }

    /** Length of a route along the cheapest road between each pair of consecutive places. */
    private static int pathLength(List<int[]> roads, List<String> places) {
        Map<String, Integer> cheapest = new HashMap<>();
        for (int[] r : roads) {
            cheapest.merge("p" + r[0] + ">p" + r[1], r[2], Math::min);
            cheapest.merge("p" + r[1] + ">p" + r[0], r[2], Math::min);
        }
        int total = 0;
        for (int i = 0; i + 1 < places.size(); i++) {
            Integer w = cheapest.get(places.get(i) + ">" + places.get(i + 1));
            if (w == null) {
                throw new AssertionError("no road between " + places.get(i) + " and " + places.get(i + 1));
            }
            total += w;
        }
        return total;
    }
}
