package dev.observableorders.restate.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restate.sdk.Context;
import dev.restate.sdk.annotation.Handler;
import dev.restate.sdk.annotation.Service;
import dev.restate.sdk.core.EndpointRequestHandler;
import dev.restate.sdk.core.ProtocolException;
import dev.restate.sdk.core.RequestProcessor;
import dev.restate.sdk.endpoint.Endpoint;
import dev.restate.sdk.endpoint.HeadersAccessor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The invocation limit and the graceful drain classify paths as the SDK routes them: if
 * an SDK upgrade starts routing by prefix (or by another suffix), these fail.
 */
class EndpointPathsTest {

	private static final EndpointRequestHandler SDK = EndpointRequestHandler
		.create(Endpoint.builder().bind(new PathProbe()).build());

	@ParameterizedTest
	@ValueSource(strings = { "/invoke/PathProbe/probe", "/orders-svc/invoke/PathProbe/probe",
			"/a/b/c/invoke/PathProbe/probe", "/PathProbe/probe", "/invoke/PathProbe/probe/" })
	void everyPathTheSdkRunsAHandlerForIsAnInvocation(String path) {
		assertThat(sdkRoutesToTheHandler(path)).as("the SDK runs a handler for " + path).isTrue();
		assertThat(EndpointPaths.isInvocation(path)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/health", "/orders-svc/health", "/discover", "/orders-svc/discover" })
	void healthAndDiscoveryUnderAnyPrefixAreNot(String path) throws Exception {
		RequestProcessor processor = SDK.processorForRequest(path, headers(), (key, value) -> {
		}, Runnable::run, false);
		assertThat(processor.statusCode()).as("the SDK answers " + path + " itself").isEqualTo(200);
		assertThat(EndpointPaths.isInvocation(path)).isFalse();
		assertThat(EndpointPaths.isDiscovery(path)).isEqualTo(path.endsWith("/discover"));
	}

	private static boolean sdkRoutesToTheHandler(String path) {
		try {
			SDK.processorForRequest(path, headers(), (key, value) -> {
			}, Runnable::run, false);
			return true;
		}
		catch (ProtocolException ex) {
			// 404: no handler at that path; any other refusal came after routing
			return ex.getCode() != 404;
		}
	}

	private static HeadersAccessor headers() {
		Map<String, String> headers = Map.of("content-type", "application/vnd.restate.invocation.v5", "accept",
				"application/vnd.restate.endpointmanifest.v3+json");
		return new HeadersAccessor() {
			@Override
			public Iterable<String> keys() {
				return List.copyOf(headers.keySet());
			}

			@Override
			public String get(String key) {
				return headers.get(key);
			}
		};
	}

}

/** The smallest service the SDK can route to. */
@Service
class PathProbe {

	@Handler
	public String probe(Context ctx) {
		return "ok";
	}

}
