/** The safety steps taken around every transaction, in order. */
import type { SafetyStep } from './state.js';

export function defaultSafetySteps(): SafetyStep[] {
  return [];
}
