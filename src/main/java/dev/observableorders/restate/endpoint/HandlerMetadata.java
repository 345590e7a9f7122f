package dev.observableorders.restate.endpoint;

/**
 * Handler metadata keys this endpoint acts on; set them with a
 * {@code RestateServiceConfigurator}.
 */
public final class HandlerMetadata {

	/**
	 * {@code "true"}: the handler accepts a JSON body or none (see
	 * {@link OptionalInputDiscovery}).
	 */
	public static final String OPTIONAL_INPUT = "input.optional";

	private HandlerMetadata() {
	}

}
