"""statuses, kinds and roles hold only their values; progress and scores stay in range

Revision ID: 3c1d2e4f5a6b
Revises: 5f3c4c2ae2e4
Create Date: 2026-12-01 20:50:00.000000

The columns stay VARCHARs of the same length (the models read them as Python enums); these
CHECK constraints let the database refuse what the application refuses too.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '3c1d2e4f5a6b'
down_revision = '5f3c4c2ae2e4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('conversation_deadline') as batch_op:
        batch_op.create_check_constraint(op.f('ck_conversation_deadline_kind'), "kind IN ('planningsgesprek', 'functioneringsgesprek', 'beoordelingsgesprek')")
    with op.batch_alter_table('conversation') as batch_op:
        batch_op.create_check_constraint(op.f('ck_conversation_kind'), "kind IN ('planningsgesprek', 'functioneringsgesprek', 'beoordelingsgesprek')")
        batch_op.create_check_constraint(op.f('ck_conversation_overall_rating'), 'overall_rating BETWEEN 1 AND 10')
        batch_op.create_check_constraint(op.f('ck_conversation_status'), "status IN ('gepland', 'voorbereid', 'gevoerd', 'ondertekend')")
    with op.batch_alter_table('goal') as batch_op:
        batch_op.create_check_constraint(op.f('ck_goal_progress'), 'progress BETWEEN 0 AND 100')
        batch_op.create_check_constraint(op.f('ck_goal_status'), "status IN ('concept', 'voorgesteld', 'afgesproken', 'bezig', 'afgerond', 'gestopt')")
    with op.batch_alter_table('mail_digest') as batch_op:
        batch_op.create_check_constraint(op.f('ck_mail_digest_status'), "status IN ('sending', 'sent')")
    with op.batch_alter_table('notification_preference') as batch_op:
        batch_op.create_check_constraint(op.f('ck_notification_preference_kind'), "kind IN ('goal_proposed', 'goal_agreed', 'goal_sent_back', 'comment_added', 'conversation_planned', 'self_assessment_submitted', 'report_ready', 'check_in_due', 'deadline_near', 'deadline_passed', 'conversation_due', 'self_assessment_requested', 'signature_due', 'conversations_to_plan')")
    with op.batch_alter_table('notification_settings') as batch_op:
        batch_op.create_check_constraint(op.f('ck_notification_settings_digest'), "digest IN ('daily', 'weekly')")
    with op.batch_alter_table('user_role') as batch_op:
        batch_op.create_check_constraint(op.f('ck_user_role_role'), "role IN ('employee', 'manager', 'hr', 'admin')")
    with op.batch_alter_table('agreement') as batch_op:
        batch_op.create_check_constraint(op.f('ck_agreement_owner'), "owner IN ('medewerker', 'leidinggevende', 'samen')")
    with op.batch_alter_table('check_in') as batch_op:
        batch_op.create_check_constraint(op.f('ck_check_in_progress'), 'progress BETWEEN 0 AND 100')
    with op.batch_alter_table('conversation_rating') as batch_op:
        batch_op.create_check_constraint(op.f('ck_conversation_rating_score'), 'score BETWEEN 1 AND 10')
    with op.batch_alter_table('notification') as batch_op:
        batch_op.create_check_constraint(op.f('ck_notification_kind'), "kind IN ('goal_proposed', 'goal_agreed', 'goal_sent_back', 'comment_added', 'conversation_planned', 'self_assessment_submitted', 'report_ready', 'check_in_due', 'deadline_near', 'deadline_passed', 'conversation_due', 'self_assessment_requested', 'signature_due', 'conversations_to_plan')")
    with op.batch_alter_table('self_assessment_rating') as batch_op:
        batch_op.create_check_constraint(op.f('ck_self_assessment_rating_score'), 'score BETWEEN 1 AND 10')


def downgrade():
    with op.batch_alter_table('self_assessment_rating') as batch_op:
        batch_op.drop_constraint(op.f('ck_self_assessment_rating_score'), type_='check')
    with op.batch_alter_table('notification') as batch_op:
        batch_op.drop_constraint(op.f('ck_notification_kind'), type_='check')
    with op.batch_alter_table('conversation_rating') as batch_op:
        batch_op.drop_constraint(op.f('ck_conversation_rating_score'), type_='check')
    with op.batch_alter_table('check_in') as batch_op:
        batch_op.drop_constraint(op.f('ck_check_in_progress'), type_='check')
    with op.batch_alter_table('agreement') as batch_op:
        batch_op.drop_constraint(op.f('ck_agreement_owner'), type_='check')
    with op.batch_alter_table('user_role') as batch_op:
        batch_op.drop_constraint(op.f('ck_user_role_role'), type_='check')
    with op.batch_alter_table('notification_settings') as batch_op:
        batch_op.drop_constraint(op.f('ck_notification_settings_digest'), type_='check')
    with op.batch_alter_table('notification_preference') as batch_op:
        batch_op.drop_constraint(op.f('ck_notification_preference_kind'), type_='check')
    with op.batch_alter_table('mail_digest') as batch_op:
        batch_op.drop_constraint(op.f('ck_mail_digest_status'), type_='check')
    with op.batch_alter_table('goal') as batch_op:
        batch_op.drop_constraint(op.f('ck_goal_progress'), type_='check')
        batch_op.drop_constraint(op.f('ck_goal_status'), type_='check')
    with op.batch_alter_table('conversation') as batch_op:
        batch_op.drop_constraint(op.f('ck_conversation_kind'), type_='check')
        batch_op.drop_constraint(op.f('ck_conversation_overall_rating'), type_='check')
        batch_op.drop_constraint(op.f('ck_conversation_status'), type_='check')
    with op.batch_alter_table('conversation_deadline') as batch_op:
        batch_op.drop_constraint(op.f('ck_conversation_deadline_kind'), type_='check')
