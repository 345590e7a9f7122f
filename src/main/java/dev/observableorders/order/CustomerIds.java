package dev.observableorders.order;

/**
 * A customer id as logs, spans and pages show it: its first and last two characters
 * ({@code cu•••42}), or {@code •••} when it has six or fewer. A customer id is the
 * caller's data about a person; the order id already says which order a line is about.
 */
public final class CustomerIds {

	private CustomerIds() {
	}

	public static String mask(String customerId) {
		if (customerId == null) {
			return null;
		}
		int length = customerId.codePointCount(0, customerId.length());
		if (length <= 6) {
			return "•••";
		}
		int end = customerId.offsetByCodePoints(customerId.length(), -2);
		return customerId.substring(0, customerId.offsetByCodePoints(0, 2)) + "•••" + customerId.substring(end);
	}

}
