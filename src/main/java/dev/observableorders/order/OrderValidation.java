package dev.observableorders.order;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Checks an order before anything is charged. Every problem is named with what to send
 * instead, all at once, so a caller fixes a request in one round.
 */
@Component
class OrderValidation {

	/**
	 * Identifiers end up in logs, spans, idempotency keys and partner APIs: keep them
	 * plain.
	 */
	private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

	/** Cents: a total with more decimals cannot be charged exactly. */
	private static final int MAX_DECIMALS = 2;

	private static final int MAX_ITEM_LENGTH = 256;

	private final OrderProperties properties;

	OrderValidation(OrderProperties properties) {
		this.properties = properties;
	}

	/**
	 * The order id (Restate's key) is checked before anything else, because it goes into
	 * log lines, spans and the idempotency keys of the order's payments.
	 * @return why the id cannot be an order id, or null when it can
	 */
	static String idProblem(String orderId) {
		if (orderId == null || !IDENTIFIER.matcher(orderId).matches()) {
			return "the order id in the URL must be 1 to 128 letters, digits or . _ : @ -";
		}
		return null;
	}

	/**
	 * A caller's identifier as it may enter the log context before validation: as sent
	 * when it is a plain identifier, else null, so that nothing a caller wrote reaches a
	 * log line unchecked.
	 */
	static String plainOrNull(String identifier) {
		return (identifier != null && IDENTIFIER.matcher(identifier).matches()) ? identifier : null;
	}

	/**
	 * @return the problems with the order, empty when it may be processed; unmodifiable,
	 * since a log line encoded later on the appender's writer thread carries the list
	 */
	List<String> problems(String orderId, Order order) {
		List<String> problems = new ArrayList<>();
		if (order == null) {
			problems.add("the request body must be an order object, for example"
					+ " {\"customerId\":\"cust-123\",\"items\":[\"item1\"],\"total\":99.99}");
			return List.copyOf(problems);
		}
		if (order.id() != null && !order.id().equals(orderId)) {
			problems.add("id in the body differs from the order id '" + orderId
					+ "' in the URL; send the same id or leave it out");
		}
		if (order.customerId() == null || order.customerId().isBlank()) {
			problems.add("customerId is required");
		}
		else if (!IDENTIFIER.matcher(order.customerId()).matches()) {
			problems.add("customerId must be 1 to 128 letters, digits or . _ : @ -");
		}
		if (order.items() == null || order.items().isEmpty()) {
			problems.add("order has no items; send at least one item");
		}
		else if (order.items().size() > this.properties.maxItems()) {
			problems.add("order has " + order.items().size() + " items; at most " + this.properties.maxItems()
					+ " are accepted per order");
		}
		else if (order.items().stream().anyMatch((item) -> Objects.isNull(item) || item.isBlank())) {
			problems.add("items must not contain empty entries");
		}
		else {
			for (int i = 0; i < order.items().size(); i++) {
				String problem = itemProblem(order.items().get(i));
				if (problem != null) {
					problems.add("item " + (i + 1) + " " + problem);
				}
			}
		}
		if (order.total() == null) {
			problems.add("total is required");
		}
		else if (order.total().signum() <= 0) {
			problems.add("total must be a positive amount");
		}
		else if (order.total().compareTo(this.properties.maxTotal()) > 0) {
			problems.add("total exceeds the maximum of " + this.properties.maxTotal().toPlainString());
		}
		else if (order.total().stripTrailingZeros().scale() > MAX_DECIMALS) {
			problems.add("total must have at most 2 decimal places (whole cents)");
		}
		return List.copyOf(problems);
	}

	/**
	 * What is wrong with an item's text, or null. Refused: control characters, and the
	 * invisible ones that make text read other than it is (bidirectional overrides and
	 * isolates, zero-width characters, any Unicode format character) or that no encoder
	 * can write (an unpaired surrogate). The problem names the character by code point,
	 * never by itself.
	 */
	static String itemProblem(String item) {
		if (item.length() > MAX_ITEM_LENGTH) {
			return "is longer than " + MAX_ITEM_LENGTH + " characters";
		}
		for (int i = 0; i < item.length(); i++) {
			char unit = item.charAt(i);
			if (Character.isHighSurrogate(unit) && i + 1 < item.length()
					&& Character.isLowSurrogate(item.charAt(i + 1))) {
				i++;
				continue;
			}
			if (Character.isSurrogate(unit)) {
				return "holds an unpaired surrogate (" + codePoint(unit) + ")";
			}
			if (Character.isISOControl(unit)) {
				return "holds a control character (" + codePoint(unit) + ")";
			}
			if (Character.getType(unit) == Character.FORMAT) {
				return switch (Character.getDirectionality(unit)) {
					case Character.DIRECTIONALITY_LEFT_TO_RIGHT_OVERRIDE,
							Character.DIRECTIONALITY_RIGHT_TO_LEFT_OVERRIDE,
							Character.DIRECTIONALITY_LEFT_TO_RIGHT_EMBEDDING,
							Character.DIRECTIONALITY_RIGHT_TO_LEFT_EMBEDDING,
							Character.DIRECTIONALITY_POP_DIRECTIONAL_FORMAT,
							Character.DIRECTIONALITY_LEFT_TO_RIGHT_ISOLATE,
							Character.DIRECTIONALITY_RIGHT_TO_LEFT_ISOLATE,
							Character.DIRECTIONALITY_FIRST_STRONG_ISOLATE,
							Character.DIRECTIONALITY_POP_DIRECTIONAL_ISOLATE ->
						"holds a bidirectional control character (" + codePoint(unit) + ")";
					default ->
						"holds an invisible formatting character such as a zero-width one (" + codePoint(unit) + ")";
				};
			}
		}
		return null;
	}

	private static String codePoint(char unit) {
		return String.format(Locale.ROOT, "U+%04X", (int) unit);
	}

}
