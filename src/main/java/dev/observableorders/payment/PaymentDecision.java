package dev.observableorders.payment;

/**
 * The gateway's definite answer to a charge.
 *
 * @param reference the charge's reference when approved, the decline reason otherwise
 */
public record PaymentDecision(boolean approved, String reference) {

	public static PaymentDecision approved(String reference) {
		return new PaymentDecision(true, reference);
	}

	public static PaymentDecision declined(String reason) {
		return new PaymentDecision(false, reason);
	}

}
