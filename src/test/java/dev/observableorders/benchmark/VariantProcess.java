package dev.observableorders.benchmark;

import static org.awaitility.Awaitility.await;

import dev.observableorders.support.RestateServer;
import dev.observableorders.support.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One variant's JVM, started and registered with a Restate server. */
final class VariantProcess implements AutoCloseable {

	/**
	 * The same limit for every variant; the integration tests' service JVM uses it too.
	 */
	static final String HEAP = "-Xmx256m";

	private final ServiceProcess service;

	private final Process baseline;

	private VariantProcess(ServiceProcess service, Process baseline) {
		this.service = service;
		this.baseline = baseline;
	}

	static VariantProcess start(Variant variant, RestateServer restate) {
		if (variant.isService()) {
			List<String> settings = new ArrayList<>(List.of("--payment.simulation.decline-rate=0"));
			settings.addAll(variant.settings);
			return new VariantProcess(ServiceProcess.start(restate, settings.toArray(String[]::new)), null);
		}
		int port = RestateServer.freePort();
		Process process = launchBaseline(variant, port);
		await("baseline endpoint listening").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> listening(port) || !process.isAlive());
		if (!process.isAlive()) {
			throw new IllegalStateException("The " + variant + " baseline exited");
		}
		register(restate.adminUrl(), URI.create("http://127.0.0.1:" + port));
		return new VariantProcess(null, process);
	}

	private static Process launchBaseline(Variant variant, int port) {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		try {
			Path log = Files.createTempFile("baseline-", ".log");
			return new ProcessBuilder(java, HEAP,
					"-Dlogback.configurationFile="
							+ Path.of("target/test-classes/benchmark-logback.xml").toAbsolutePath(),
					"-cp", System.getProperty("java.class.path"), BaselineEndpoint.class.getName(),
					variant.name().equals("C") ? "bare" : "noop", String.valueOf(port))
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void register(URI admin, URI endpoint) {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(admin.resolve("/deployments"))
					.header("content-type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"uri\": \"" + endpoint + "\"}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() / 100 != 2) {
				throw new IllegalStateException("Restate refused " + endpoint + ": " + response.body());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	long pid() {
		return (this.service != null) ? this.service.pid() : this.baseline.pid();
	}

	@Override
	public void close() {
		if (this.service != null) {
			this.service.close();
		}
		else {
			this.baseline.destroy();
			this.baseline.onExit().join();
		}
	}

}
