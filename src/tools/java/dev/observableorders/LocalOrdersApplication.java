package dev.observableorders;

import dev.observableorders.support.FolderLock;
import dev.observableorders.support.PrometheusServer;
import dev.observableorders.support.RestateServer;
import dev.observableorders.support.ToolCommandLine;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.ApplicationRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * README command 1, {@code ./mvnw spring-boot:test-run}: a real Restate server on its
 * default loopback ports with its data in {@code .restate/}, the service, its
 * registration, and Prometheus on 9091 with the project's rules when it is installed
 * (data in {@code .prometheus/}; the order pages then answer from it). Ctrl-C stops them
 * all.
 */
public class LocalOrdersApplication {

	/** The options as declared: picocli parses them, {@code --help} prints them. */
	@Command(name = "tools/run",
			description = {
					"README command 1: Restate, the service, its registration and Prometheus (when installed) on",
					"their default ports, data in .restate/; Ctrl-C stops all." },
			footer = { "", "Exit status: 2 for bad options or when another run or program holds .restate/ or a port." })
	static final class Cli implements ToolCommandLine.PassesSettingsOn {

		@Mixin
		ToolCommandLine.Settings settings;

		@Mixin
		ToolCommandLine.Help help;

	}

	public static void main(String[] args) {
		if (ToolCommandLine.optionsOrExit("run", new Cli(), args,
				(given) -> ToolCommandLine.parse(new Cli(), given).settings.settings()) == null) {
			return;
		}
		try {
			// before Spring starts: a second run, or anything on our ports, is one line
			// within a second
			local = FolderLock.take(Path.of(".restate"), "The local run", ports(args));
		}
		catch (FolderLock.Taken ex) {
			System.err.println("run: " + ex.getMessage());
			System.exit(2);
		}
		try {
			RestateServer.requireInstalled();
		}
		catch (IllegalStateException ex) {
			System.err.println("run: " + ex.getMessage());
			System.exit(1);
		}
		if (PrometheusServer.binary().isPresent() && System.getProperty("orders.pages.prometheus-url") == null) {
			// the front page /orders then answers from the Prometheus this run starts
			System.setProperty("orders.pages.prometheus-url", "http://127.0.0.1:" + PROMETHEUS_PORT);
		}
		SpringApplication.from(OrdersApplication::main)
			.with(LocalRestate.class)
			.withAdditionalProfiles("local")
			.run(args);
	}

	/** This run's claim on .restate/ and its ports, held until the JVM exits. */
	private static FolderLock local;

	/** The ports this run listens on: the defaults, or what the arguments set. */
	private static Map<Integer, String> ports(String[] args) {
		Map<Integer, String> ports = new LinkedHashMap<>();
		ports.put(RestateServer.Ports.DEFAULTS.ingress(), "Restate's ingress");
		ports.put(RestateServer.Ports.DEFAULTS.admin(), "Restate's admin API");
		ports.put(RestateServer.Ports.DEFAULTS.node(), "Restate's node port");
		ports.put(setting(args, "restate.sdk.http.port", 9090), "the service's Restate endpoint");
		ports.put(setting(args, "server.port", 2112), "the service's management port");
		if (PrometheusServer.binary().isPresent()) {
			ports.put(PROMETHEUS_PORT, "Prometheus");
		}
		return ports;
	}

	private static int setting(String[] args, String name, int fallback) {
		for (String arg : args) {
			if (arg.startsWith("--" + name + "=")) {
				return Integer.parseInt(arg.substring(name.length() + 3));
			}
		}
		return fallback;
	}

	/** Not the seed's 9090: that is the service's Restate endpoint. */
	static final int PROMETHEUS_PORT = 9091;

	@TestConfiguration(proxyBeanMethods = false)
	static class LocalRestate {

		/**
		 * Started before the service registers itself (registration runs once all beans
		 * exist).
		 */
		@Bean(destroyMethod = "close")
		RestateServer restateServer(Environment environment) {
			return RestateServer.start(RestateServer.Ports.DEFAULTS, Path.of(".restate"), tracingOf(environment));
		}

		/**
		 * Restate exports to the service's OTLP collector too, so one trace holds both;
		 * Restate speaks OTLP over gRPC only.
		 */
		private static Map<String, String> tracingOf(Environment environment) {
			String endpoint = environment.getProperty("management.opentelemetry.tracing.export.otlp.endpoint");
			String transport = environment.getProperty("management.opentelemetry.tracing.export.otlp.transport");
			if (endpoint == null || !"grpc".equals(transport)) {
				return Map.of();
			}
			return Map.of("RESTATE_TRACING_ENDPOINT", endpoint);
		}

		/** Optional: without {@code prometheus} on the PATH the rest runs as before. */
		@Bean
		LocalPrometheus localPrometheus() {
			return new LocalPrometheus(PrometheusServer.binary()
				.map((binary) -> PrometheusServer.start(PROMETHEUS_PORT, Path.of(".prometheus")))
				.orElse(null));
		}

		/**
		 * Stops everything when Restate or Prometheus exits on its own, saying which one
		 * and where its log is: a local run that only half works is worse than one that
		 * stops.
		 */
		@Bean
		ApplicationRunner stopWhenAChildDies(RestateServer restate, LocalPrometheus prometheus,
				ConfigurableApplicationContext context) {
			AtomicBoolean stopping = new AtomicBoolean();
			context.addApplicationListener((ApplicationListener<ContextClosedEvent>) (closed) -> stopping.set(true));
			return (args) -> {
				watch(context, stopping, "Restate", restate.onExit(), restate.log());
				if (prometheus.server() != null) {
					watch(context, stopping, "Prometheus", prometheus.server().onExit(), prometheus.server().log());
				}
			};
		}

		private static void watch(ConfigurableApplicationContext context, AtomicBoolean stopping, String name,
				CompletableFuture<Integer> exit, Path log) {
			exit.thenAccept((status) -> {
				if (stopping.get()) {
					return;
				}
				System.err.println(name + " exited on its own (status " + status + "); stopping everything."
						+ " Its log: " + log.toAbsolutePath());
				System.exit(SpringApplication.exit(context, () -> 1));
			});
		}

		@Bean
		ApplicationRunner printTryItOut(RestateServer restate, LocalPrometheus prometheus, Environment environment) {
			URI service = URI.create("http://localhost:" + environment.getProperty("server.port", "2112"));
			return (args) -> System.out.println(banner(restate, prometheus.server(), service));
		}

	}

	/**
	 * What command 1 prints once everything runs: where each part answers, and the seed's
	 * commands. {@code LaunchBannersIT} asks every address it prints.
	 * @param prometheus null when not installed
	 * @param service the service's management address
	 */
	public static String banner(RestateServer restate, PrometheusServer prometheus, URI service) {
		String prometheusLine = (prometheus != null)
				? "Prometheus       " + prometheus.url() + "   alerts " + prometheus.alertsPage()
				: "Prometheus       not installed (apt-get install --no-install-recommends prometheus)";
		return """

				Observable Orders is running (Ctrl-C stops them all).
				  Restate ingress  %s        admin + UI %s
				  Restate metrics  %s
				  Service metrics  %s    health %s
				  Orders           %s     (one: /orders/order-001)
				  %s
				  Restate log      %s

				Try the seed's commands:
				  curl -X POST http://localhost:8080/OrderService/order-001/ProcessOrder \\
				    -H 'Content-Type: application/json' \\
				    -d '{"id": "order-001", "customerId": "cust-123", "items": ["item1", "item2"], "total": 99.99}'
				  curl -X POST http://localhost:8080/OrderService/order-001/GetStatus \\
				    -H 'Content-Type: application/json' -d '{}'
				  curl -s http://localhost:2112/metrics | grep -E '^(orders|order_|payment)'
				""".formatted(restate.ingressUrl(), restate.adminUrl(), restate.metricsUrl(),
				service.resolve("/metrics"), service.resolve("/health"), service.resolve("/orders"), prometheusLine,
				restate.log().toAbsolutePath());
	}

	/** Prometheus when installed; {@code server} is null when it is not. */
	record LocalPrometheus(PrometheusServer server) implements AutoCloseable {

		@Override
		public void close() {
			if (this.server != null) {
				this.server.close();
			}
		}

	}

}
