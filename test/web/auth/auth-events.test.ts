import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { createObservability } from '../../../server/observability';
import { disabledMessage, lockedMessage } from '../../../server/web/auth/account-states';
import { authEventRecorder, withEmailPasswordEvents, withPasswordlessEvents, withThirdPartyEvents, withTotpEvents } from '../../../server/web/auth/auth-events';
import { captureLog } from '../../helpers/log-capture';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


/** An SDK layer whose functions answer what the test says, in turn. */
const answering = (answers: unknown[]): any => {

    const answer = async () => {

        const next = answers.shift();
        if (next instanceof Error) {
            throw next;
        }

        return next;
    };

    return {
        signInPOST: answer, signUpPOST: answer, signInUpPOST: answer, consumeCodePOST: answer,
        verifyTOTP: answer, verifyDevice: answer
    };
};

const setUp = () => {

    const log = captureLog();
    const observability = createObservability({ logLevel: 'info', logFormat: 'json' }, log.destination);
    const samples = async () => {

        const text = await observability.metrics.registry.metrics();
        return text.split('\n').filter((line) => /^staffgate_(sign|two)/.test(line));
    };

    return { log, events: authEventRecorder(observability), samples };
};

const user = { id: 'user-1' };


describe('auth events', () => {

    it('count each email-password sign-in by outcome, and sign-ups', async () => {

        const { log, events, samples } = setUp();
        const apis = withEmailPasswordEvents(answering([
            { status: 'OK', user }, { status: 'WRONG_CREDENTIALS_ERROR' }, { status: 'SIGN_IN_NOT_ALLOWED', reason: disabledMessage },
            { status: 'SIGN_IN_NOT_ALLOWED', reason: lockedMessage(undefined) }, { status: 'SIGN_IN_NOT_ALLOWED', reason: 'Something else' },
            { status: 'GENERAL_ERROR', message: 'x' }, new Error('core down')
        ]), events);

        for (let i = 0; i < 6; ++i) {
            await apis.signInPOST!({} as never);
        }

        await expect(apis.signInPOST!({} as never)).to.reject('core down');
        const signUps = withEmailPasswordEvents(answering([{ status: 'OK', user }, { status: 'SIGN_UP_NOT_ALLOWED', reason: 'no' }]), events);
        await signUps.signUpPOST!({} as never);
        await signUps.signUpPOST!({} as never);

        expect(await samples()).to.equal([
            'staffgate_sign_ins_total{method="emailpassword",outcome="success"} 1',
            'staffgate_sign_ins_total{method="emailpassword",outcome="wrong_credentials"} 1',
            'staffgate_sign_ins_total{method="emailpassword",outcome="banned"} 1',
            'staffgate_sign_ins_total{method="emailpassword",outcome="locked"} 1',
            'staffgate_sign_ins_total{method="emailpassword",outcome="not_allowed"} 1',
            'staffgate_sign_ins_total{method="emailpassword",outcome="error"} 2',
            'staffgate_sign_ups_total{method="emailpassword"} 1'
        ]);

        const lines = log.lines();
        expect(lines.map((line) => line.level)).to.equal([30, 40, 40, 40, 40, 50, 50, 30, 40]);
        expect(lines[0]!.auth).to.equal({ event: 'sign_in', method: 'emailpassword', outcome: 'success', userId: 'user-1' });
        expect(lines[8]!.auth).to.equal({ event: 'sign_up_refused', method: 'emailpassword', status: 'SIGN_UP_NOT_ALLOWED' });
    });

    it('tell a provider\'s or a link\'s sign-up from its sign-in', async () => {

        const { events, samples } = setUp();
        const thirdParty = withThirdPartyEvents(answering([
            { status: 'OK', user, createdNewRecipeUser: true }, { status: 'OK', user, createdNewRecipeUser: false },
            { status: 'SIGN_IN_UP_NOT_ALLOWED', reason: disabledMessage }, { status: 'NO_EMAIL_GIVEN_BY_PROVIDER' }, new Error('provider down')
        ]), events);

        for (let i = 0; i < 4; ++i) {
            await thirdParty.signInUpPOST!({} as never);
        }

        await expect(thirdParty.signInUpPOST!({} as never)).to.reject();
        const link = withPasswordlessEvents(answering([
            { status: 'OK', user, createdNewRecipeUser: true }, { status: 'OK', user, createdNewRecipeUser: false },
            { status: 'SIGN_IN_UP_NOT_ALLOWED', reason: 'Something else' }, { status: 'INCORRECT_USER_INPUT_CODE_ERROR' }, { status: 'GENERAL_ERROR', message: 'x' },
            new Error('core down')
        ]), events);

        for (let i = 0; i < 5; ++i) {
            await link.consumeCodePOST!({} as never);
        }

        await expect(link.consumeCodePOST!({} as never)).to.reject('core down');

        expect(await samples()).to.equal([
            'staffgate_sign_ins_total{method="thirdparty",outcome="success"} 1',
            'staffgate_sign_ins_total{method="thirdparty",outcome="banned"} 1',
            'staffgate_sign_ins_total{method="thirdparty",outcome="error"} 2',
            'staffgate_sign_ins_total{method="passwordless",outcome="success"} 1',
            'staffgate_sign_ins_total{method="passwordless",outcome="not_allowed"} 1',
            'staffgate_sign_ins_total{method="passwordless",outcome="wrong_credentials"} 1',
            'staffgate_sign_ins_total{method="passwordless",outcome="error"} 2',
            'staffgate_sign_ups_total{method="thirdparty"} 1',
            'staffgate_sign_ups_total{method="passwordless"} 1'
        ]);
    });

    it('leave an API the SDK turned off turned off', () => {

        const { events } = setUp();
        expect(withEmailPasswordEvents({} as never, events)).to.include({ signInPOST: undefined, signUpPOST: undefined });
        expect(withThirdPartyEvents({} as never, events)).to.include({ signInUpPOST: undefined });
        expect(withPasswordlessEvents({} as never, events)).to.include({ consumeCodePOST: undefined });
    });

    it('count wrong authenticator codes, at sign-in and when a device is verified', async () => {

        const { log, events, samples } = setUp();
        const functions = withTotpEvents(answering([
            { status: 'OK' }, { status: 'INVALID_TOTP_ERROR' }, { status: 'LIMIT_REACHED_ERROR' },
            { status: 'OK' }, { status: 'UNKNOWN_DEVICE_ERROR' }, { status: 'INVALID_TOTP_ERROR' }, { status: 'LIMIT_REACHED_ERROR' }
        ]), events);

        for (let i = 0; i < 3; ++i) {
            await functions.verifyTOTP({ userId: 'user-1' } as never);
        }

        for (let i = 0; i < 4; ++i) {
            await functions.verifyDevice({ userId: 'user-1' } as never);
        }

        events.twoFactorFailure('recovery_code', 'user-1', 'INVALID_RECOVERY_CODE_ERROR');
        expect(await samples()).to.equal([
            'staffgate_two_factor_failures_total{kind="totp"} 4',
            'staffgate_two_factor_failures_total{kind="recovery_code"} 1'
        ]);
        expect(log.lines()[0]!.auth).to.equal({ event: 'two_factor_failed', kind: 'totp', status: 'INVALID_TOTP_ERROR', userId: 'user-1' });
    });
});
