package dev.observableorders.order;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The seed's status strings, exactly; {@code not_found} is only ever answered, never
 * stored.
 */
public enum OrderStatus {

	COMPLETED("completed"), PAYMENT_DECLINED("payment_declined"), VALIDATION_FAILED("validation_failed"),
	PAYMENT_FAILED("payment_failed"), FULFILLMENT_FAILED("fulfillment_failed"), NOT_FOUND("not_found");

	private final String wireName;

	OrderStatus(String wireName) {
		this.wireName = wireName;
	}

	@JsonValue
	public String wireName() {
		return this.wireName;
	}

	@JsonCreator
	static OrderStatus fromWireName(String wireName) {
		for (OrderStatus status : values()) {
			if (status.wireName.equals(wireName)) {
				return status;
			}
		}
		throw new IllegalArgumentException("Unknown order status '" + wireName + "'");
	}

	/**
	 * A rejected order never reached payment, so a corrected resubmission under the same
	 * id is processed; every other stored outcome is final and returned as it is.
	 */
	boolean isFinal() {
		return this != VALIDATION_FAILED && this != NOT_FOUND;
	}

	boolean isSuccess() {
		return this == COMPLETED;
	}

}
