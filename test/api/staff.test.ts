import { staffSchema } from '@grid/shared';
import { describe, expect, it } from 'vitest';
import {
  createStaff,
  DEMO_STREET_SCOPE,
  demo,
  expectBody,
  expectError,
  freshPhone,
  GRIDS,
  issuesOf,
  maskedPhone,
  newGridworker,
  newResident,
  newStaff,
} from './support/fixtures';

describe('POST /v1/staff', () => {
  it('lets the admin register a gridworker with its grids', async () => {
    const admin = await demo('demo-admin');
    const phone = freshPhone();
    const before = Date.now();
    const staff = expectBody(
      await createStaff(admin.token, {
        role: 'gridworker',
        name: '  王网格  ',
        phone,
        // A repeated grid is kept once.
        gridCodes: [GRIDS.staff, GRIDS.households, GRIDS.staff],
      }),
      201,
      staffSchema,
    );
    expect(staff).toMatchObject({
      role: 'gridworker',
      name: '王网格',
      phoneMasked: maskedPhone(phone),
      scopes: [GRIDS.staff, GRIDS.households],
      bound: false,
    });
    expect(staff.userId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(Date.parse(staff.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(JSON.stringify(staff)).not.toContain(phone);
  });

  it('lets the admin register a district centre and a volunteer', async () => {
    const admin = await demo('demo-admin');
    const centre = expectBody(
      await createStaff(admin.token, {
        role: 'centre',
        name: '东营区中心',
        phone: freshPhone(),
        regionCode: '370502',
      }),
      201,
      staffSchema,
    );
    expect(centre).toMatchObject({ role: 'centre', scopes: ['370502'], bound: false });

    const volunteer = expectBody(
      await createStaff(admin.token, {
        role: 'volunteer',
        name: '志愿者',
        phone: freshPhone(),
        gridCodes: [GRIDS.staff],
      }),
      201,
      staffSchema,
    );
    expect(volunteer).toMatchObject({ role: 'volunteer', scopes: [GRIDS.staff] });
  });

  it('lets a street centre register gridworkers of its own street only', async () => {
    const street = await demo('demo-street');
    expect(street.user.scopes).toEqual([DEMO_STREET_SCOPE]);
    const own = expectBody(
      await createStaff(street.token, {
        role: 'gridworker',
        name: '街道网格员',
        phone: freshPhone(),
        gridCodes: [GRIDS.staff],
      }),
      201,
      staffSchema,
    );
    expect(own.scopes).toEqual([GRIDS.staff]);

    const phone = freshPhone();
    expectError(
      await createStaff(street.token, {
        role: 'gridworker',
        name: '越界',
        phone,
        gridCodes: [GRIDS.otherStreet],
      }),
      403,
      'FORBIDDEN_SCOPE',
    );
    // One grid outside the scope spoils the whole request.
    expectError(
      await createStaff(street.token, {
        role: 'gridworker',
        name: '越界',
        phone,
        gridCodes: [GRIDS.staff, GRIDS.otherStreet],
      }),
      403,
      'FORBIDDEN_SCOPE',
    );
    // Nothing was written for the refused phone: it can still be registered.
    expectBody(
      await createStaff(street.token, {
        role: 'gridworker',
        name: '街道网格员',
        phone,
        gridCodes: [GRIDS.staff],
      }),
      201,
      staffSchema,
    );
  });

  it('lets a centre register centres below it, not beside or above it', async () => {
    const district = await newStaff({ role: 'centre', regionCode: '370502' });
    expect(district.user).toMatchObject({ role: 'centre', scopes: ['370502'] });
    const below = expectBody(
      await createStaff(district.token, {
        role: 'centre',
        name: '街道中心',
        phone: freshPhone(),
        regionCode: '370502002',
      }),
      201,
      staffSchema,
    );
    expect(below.scopes).toEqual(['370502002']);

    for (const regionCode of ['370502', '370503', '3705', '370503001']) {
      expectError(
        await createStaff(district.token, { role: 'centre', name: '中心', phone: freshPhone(), regionCode }),
        403,
        'FORBIDDEN_SCOPE',
      );
    }
    const street = await demo('demo-street');
    expectError(
      await createStaff(street.token, {
        role: 'centre',
        name: '中心',
        phone: freshPhone(),
        regionCode: DEMO_STREET_SCOPE,
      }),
      403,
      'FORBIDDEN_SCOPE',
    );
  });

  it('answers 409 STAFF_PHONE_EXISTS for a phone already registered, however it is written', async () => {
    const admin = await demo('demo-admin');
    const phone = freshPhone();
    expectBody(
      await createStaff(admin.token, { role: 'gridworker', name: '甲', phone, gridCodes: [GRIDS.staff] }),
      201,
      staffSchema,
    );
    expectError(
      await createStaff(admin.token, { role: 'centre', name: '乙', phone, regionCode: '370502' }),
      409,
      'STAFF_PHONE_EXISTS',
    );
    const spaced = `+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;
    expectError(
      await createStaff(admin.token, {
        role: 'gridworker',
        name: '丙',
        phone: spaced,
        gridCodes: [GRIDS.staff],
      }),
      409,
      'STAFF_PHONE_EXISTS',
    );
  });

  it('answers 403 FORBIDDEN_ROLE to gridworkers and residents', async () => {
    const body = { role: 'gridworker', name: '甲', phone: freshPhone(), gridCodes: [GRIDS.staff] } as const;
    const gridworker = await newGridworker(GRIDS.staff);
    expectError(await createStaff(gridworker.token, body), 403, 'FORBIDDEN_ROLE');
    const resident = await newResident();
    expectError(await createStaff(resident.token, body), 403, 'FORBIDDEN_ROLE');
  });

  it('validates the request', async () => {
    const admin = await demo('demo-admin');
    const grid = [GRIDS.staff];
    expectError(
      await createStaff(admin.token, { role: 'gridworker', name: '甲', phone: '12345', gridCodes: grid }),
      400,
      'PHONE_INVALID',
    );
    expectError(
      await createStaff(admin.token, {
        role: 'gridworker',
        name: '甲',
        phone: freshPhone(),
        gridCodes: ['3705020010'],
      }),
      400,
      'GRID_CODE_INVALID',
    );
    expectError(
      await createStaff(admin.token, { role: 'gridworker', name: '甲', phone: freshPhone(), gridCodes: [] }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await createStaff(admin.token, { role: 'admin', name: '甲', phone: freshPhone(), gridCodes: grid }),
      400,
      'VALIDATION_FAILED',
    );
    // A centre's region is at most a street (9 digits).
    const tooFine = expectError(
      await createStaff(admin.token, {
        role: 'centre',
        name: '甲',
        phone: freshPhone(),
        regionCode: '370502001011',
      }),
      400,
      'REGION_CODE_INVALID',
    );
    expect(issuesOf(tooFine)[0]?.path).toBe('body.regionCode');
    const unknownKey = expectError(
      await createStaff(admin.token, {
        role: 'gridworker',
        name: '甲',
        phone: freshPhone(),
        gridCodes: grid,
        isAdmin: true,
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(issuesOf(unknownKey)[0]?.keys).toEqual(['isAdmin']);
  });
});
