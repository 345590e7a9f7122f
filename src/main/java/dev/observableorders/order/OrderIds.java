package dev.observableorders.order;

/** The rule every order id follows, for readers of orders outside this package. */
public final class OrderIds {

	private OrderIds() {
	}

	/**
	 * Whether {@code id} could name an order: 1 to 128 letters, digits or
	 * {@code . _ : @ -}, the rule {@code ProcessOrder} applies before anything else. Such
	 * an id holds no quote, markup or line break.
	 */
	public static boolean isPlain(String id) {
		return OrderValidation.idProblem(id) == null;
	}

	/** Why an id cannot name an order, for an error message. */
	public static String rule() {
		return OrderValidation.idProblem(null);
	}

}
