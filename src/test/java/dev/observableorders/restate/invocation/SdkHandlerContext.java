package dev.observableorders.restate.invocation;

import dev.restate.common.Slice;
import dev.restate.sdk.common.HandlerRequest;
import dev.restate.sdk.common.InvocationId;
import dev.restate.sdk.core.statemachine.InvocationState;
import dev.restate.sdk.endpoint.definition.HandlerContext;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * The SDK's internal handler context, as far as the generated handler runner, the SDK's
 * {@code Context} and {@link InvocationPhase} read it: for tests that run the SDK's own
 * code on a component without a Restate server.
 */
public final class SdkHandlerContext {

	private SdkHandlerContext() {
	}

	/**
	 * @param input the handler's input as JSON
	 * @param more answers to further methods by name, given their arguments
	 */
	public static HandlerContext of(String target, String key, String input,
			Map<String, Function<Object[], Object>> more) throws ClassNotFoundException {
		Class<?> internal = Class.forName("dev.restate.sdk.core.HandlerContextInternal");
		InvocationId id = new InvocationId() {

			@Override
			public long toRandomSeed() {
				return 1;
			}

			@Override
			public String toString() {
				return "inv_test";
			}

		};
		HandlerRequest request = new HandlerRequest(id, io.opentelemetry.context.Context.root(),
				Slice.wrap(input.getBytes(StandardCharsets.UTF_8)), Map.of());
		return (HandlerContext) Proxy.newProxyInstance(internal.getClassLoader(), new Class<?>[] { internal },
				(proxy, method, args) -> switch (method.getName()) {
					case "objectKey" -> key;
					case "request" -> request;
					case "getFullyQualifiedMethodName" -> target;
					case "getInvocationState" -> InvocationState.PROCESSING;
					case "toString" -> "test handler context";
					default -> {
						Function<Object[], Object> answer = more.get(method.getName());
						if (answer == null) {
							throw new UnsupportedOperationException(method.getName());
						}
						yield answer.apply(args);
					}
				});
	}

}
