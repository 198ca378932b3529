import * as z from 'zod';

/** What a staff read of a person's file is called in the resident's access log. */
export const accessLogSchema = z.lazy(() =>
  z.object({
    items: z.array(
      z.object({
        personId: z.string(),
        personName: z.string(),
        at: z.string(),
        byRole: z.string(),
        byName: z.string(),
        /** The route used, e.g. getPersonContact (the full phone was shown). */
        action: z.string(),
        /** Why, when the staff member had to say so (unmaskPerson); null for ordinary reads. */
        reason: z.string().nullable(),
        purpose: z.string().nullable(),
      }),
    ),
  }),
);
export type AccessLog = z.infer<typeof accessLogSchema>;
