import Joi from 'joi';


/** An invitation id in a path: the core's are UUIDs. */
export const invitationIdParams = Joi.object({ id: Joi.string().guid().required() });
