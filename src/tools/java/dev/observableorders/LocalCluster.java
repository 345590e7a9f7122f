package dev.observableorders;

import dev.observableorders.support.FolderLock;
import dev.observableorders.support.LoadBalancer;
import dev.observableorders.support.OrdersCluster;
import dev.observableorders.support.PrometheusServer;
import dev.observableorders.support.RestateServer;
import dev.observableorders.support.ServiceProcess;
import dev.observableorders.support.ToolCommandLine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * docs/scaling-out.md: {@code tools/cluster} starts three Restate nodes, two service
 * replicas behind HAProxy, registers them once, and Prometheus on 9091 with
 * {@code config/prometheus/prometheus.cluster.yml} when it is installed. Data and logs in
 * {@code .restate-cluster/}. Ctrl-C stops them all; exit status 1, with one line saying
 * why, when it cannot start.
 */
public final class LocalCluster {

	private LocalCluster() {
	}

	/** The options as declared: picocli parses them, {@code --help} prints them. */
	@Command(name = "tools/cluster", description = {
			"Starts 3 Restate nodes, 2 service replicas behind HAProxy and Prometheus (when installed) on the",
			"ports of docs/scaling-out.md, data and logs in .restate-cluster/ (--data); Ctrl-C stops them all." },
			footer = { "", "Exit status: 1 when it cannot start, 2 for bad options or when another instance or program",
					"holds its folder or a port." })
	static final class Cli implements ToolCommandLine.PassesSettingsOn {

		@Option(names = "--data", paramLabel = "DIR",
				description = "data and logs (default ${DEFAULT-VALUE}; kept across runs)")
		Path data = Path.of(".restate-cluster");

		@Option(names = "--restate-defaults",
				description = { "run the nodes with Restate's own defaults instead of config/restate/restate.env, to",
						"compare (partitions are fixed when a data folder is first provisioned: give a new --data)" })
		boolean restateDefaults;

		@Mixin
		ToolCommandLine.Settings settings;

		@Mixin
		ToolCommandLine.Help help;

	}

	/** The replicas' settings, each {@code --name=value}. */
	static List<String> settings(String... args) {
		return ToolCommandLine.parse(new Cli(), args).settings.settings();
	}

	public static void main(String[] args) throws InterruptedException {
		Cli cli = ToolCommandLine.optionsOrExit("cluster", new Cli(), args, (given) -> {
			Cli parsed = ToolCommandLine.parse(new Cli(), given);
			// a setting not of the form --name=value is refused here, with exit status 2
			parsed.settings.settings();
			return parsed;
		});
		if (cli == null) {
			return;
		}
		List<String> given = cli.settings.settings();
		long started = System.nanoTime();
		List<String> settings = new ArrayList<>();
		if (PrometheusServer.binary().isPresent()) {
			// the replicas' /orders then answers for both, from the Prometheus below
			settings.add("--orders.pages.prometheus-url=http://127.0.0.1:" + LocalOrdersApplication.PROMETHEUS_PORT);
		}
		settings.addAll(given);
		OrdersCluster cluster;
		try {
			// what is missing is said before anything starts
			RestateServer.requireInstalled();
			LoadBalancer.requireInstalled();
			// a running cluster is named by its folder and pid, before its Prometheus
			// port
			// is found taken
			FolderLock.requireUnheld(cli.data.toAbsolutePath(), "A cluster");
			if (PrometheusServer.binary().isPresent()) {
				FolderLock.requireFree(Map.of(LocalOrdersApplication.PROMETHEUS_PORT, "Prometheus"));
			}
			OrdersCluster.Layout local = OrdersCluster.Layout.LOCAL;
			cluster = OrdersCluster.start(
					new OrdersCluster.Layout(local.nodes(), local.replicas(), local.standby(), local.loadBalancer(),
							local.snapshotStorePort(), cli.data.toAbsolutePath()),
					false, settings, !cli.restateDefaults,
					(step) -> System.out.printf("[%5.1f s] %s%n", (System.nanoTime() - started) / 1e9, step));
		}
		catch (IllegalStateException | IllegalArgumentException ex) {
			// one line (a port taken, a process that exited), not a stack trace; 2 when
			// another instance or program owns the folder or a port
			System.err.println("cluster: " + ex.getMessage());
			System.exit((ex instanceof FolderLock.Taken) ? 2 : 1);
			return;
		}
		PrometheusServer prometheus = PrometheusServer.binary()
			.map((binary) -> PrometheusServer.start(LocalOrdersApplication.PROMETHEUS_PORT,
					cli.data.resolve("prometheus"), PrometheusServer.CLUSTER_CONFIG))
			.orElse(null);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			if (prometheus != null) {
				prometheus.close();
			}
			cluster.close();
			stopped.countDown();
		}));
		System.out.println(describe(cluster, prometheus));
		// tools/rollout asks through the folder; this process owns the replicas, so it
		// rolls them
		Rollout.Requests rollouts = new Rollout.Requests(cli.data.toAbsolutePath());
		java.util.concurrent.ScheduledExecutorService watcher = java.util.concurrent.Executors
			.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "rollout-requests");
				thread.setDaemon(true);
				return thread;
			});
		watcher.scheduleWithFixedDelay(() -> rollouts.serveOne(cluster, System.out::println), 500, 500,
				java.util.concurrent.TimeUnit.MILLISECONDS);
		stopped.await();
	}

	/**
	 * What tools/cluster prints once everything runs; {@code ClusterFailoverIT} asks
	 * every address it prints.
	 * @param prometheus null when not installed
	 */
	public static String describe(OrdersCluster cluster, PrometheusServer prometheus) {
		StringBuilder nodes = new StringBuilder();
		for (int n = 1; n <= cluster.nodes().size(); n++) {
			RestateServer node = cluster.node(n);
			nodes.append("  node-%d  pid %-7d ingress %s  admin %s  metrics %s%n".formatted(n, node.pid(),
					node.ingressUrl(), node.adminUrl(), node.metricsUrl()));
		}
		StringBuilder replicas = new StringBuilder();
		for (int r = 1; r <= cluster.replicas().size(); r++) {
			ServiceProcess replica = cluster.replica(r);
			replicas.append("  replica-%d  pid %-7d endpoint %s  metrics %s/metrics  log %s%n".formatted(r,
					replica.pid(), replica.endpointUrl(), replica.managementUrl(), replica.log()));
		}
		String prometheusLine = (prometheus != null)
				? "Prometheus " + prometheus.url() + "   alerts " + prometheus.alertsPage()
				: "Prometheus not installed (apt-get install --no-install-recommends prometheus)";
		return """

				The orders cluster is running (Ctrl-C stops it all). Data and logs in %s
				%s%s  load balancer  ingress %s  admin %s  metrics %s
				                 deployment %s (HTTP/2 without TLS, prior knowledge: for Restate, not browsers)
				  %s

				Every partition has a leader:
				  config/restate/node_modules/.bin/restatectl -s http://127.0.0.1:%d/ status
				The seed's commands work unchanged against the balanced ingress:
				  curl -X POST http://localhost:8080/OrderService/order-001/ProcessOrder \\
				    -H 'Content-Type: application/json' \\
				    -d '{"id": "order-001", "customerId": "cust-123", "items": ["item1", "item2"], "total": 99.99}'
				Lose a node or a replica: kill -9 <pid> (docs/scaling-out.md says what you will see)
				Ship a new build while orders are in flight: tools/rollout --jar NEW.jar (docs/operations.md)
				""".formatted(cluster.layout().baseDir(), nodes, replicas, cluster.loadBalancer().ingressUrl(),
				cluster.loadBalancer().adminUrl(), cluster.loadBalancer().metricsUrl(),
				cluster.loadBalancer().deploymentUrl().getAuthority(), prometheusLine, cluster.node(1).ports().node());
	}

}
