package dev.observableorders.restate.endpoint;

/**
 * Which requests the SDK's endpoint runs as invocations.
 *
 * <p>
 * SDK 2.4.1 routes by suffix, not prefix: a path ending in {@code /health} or
 * {@code /discover} is answered as such, and any other path of two segments or more runs
 * the handler its last two segments name, whatever comes before them
 * ({@code /orders-svc/invoke/OrderService/ProcessOrder} as much as
 * {@code /invoke/OrderService/ProcessOrder}). A deployment may be registered under any
 * path prefix, so whatever bounds or drains invocations must classify paths the same way.
 * {@code EndpointPathsTest} runs the SDK's own routing and fails when it changes.
 */
final class EndpointPaths {

	private EndpointPaths() {
	}

	/**
	 * Whether the SDK would run a handler for {@code path} (paths it answers 404 count
	 * too: they are turned away at once).
	 */
	static boolean isInvocation(String path) {
		return !path.endsWith("/health") && !path.endsWith("/discover");
	}

	static boolean isDiscovery(String path) {
		return path.endsWith("/discover");
	}

}
