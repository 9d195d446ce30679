/** Rows of the heatmap, Monday first: the working week reads as one block and the weekend after it. */
export const weekdayOrder = [1, 2, 3, 4, 5, 6, 0] as const;
