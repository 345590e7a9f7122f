package dev.observableorders.benchmark;

import dev.restate.sdk.endpoint.Endpoint;
import dev.restate.sdk.http.vertx.RestateHttpServer;

/**
 * {@code java -cp <test classpath> ...BaselineEndpoint bare|noop <port>}: a plain Restate
 * SDK endpoint, no Spring, for the benchmark's baselines (c) and (d).
 */
public final class BaselineEndpoint {

	private BaselineEndpoint() {
	}

	public static void main(String[] args) {
		Object service = switch (args[0]) {
			case "bare" -> new BareOrderService();
			case "noop" -> new NoopOrderService();
			default -> throw new IllegalArgumentException("bare or noop, got " + args[0]);
		};
		RestateHttpServer.listen(Endpoint.builder().bind(service).build(), Integer.parseInt(args[1]));
	}

}
