"""Contains all the data models used in inputs/outputs"""

from .answer_call import AnswerCall
from .answer_call_state import AnswerCallState
from .attended_transfer import AttendedTransfer
from .attended_transfer_state import AttendedTransferState
from .blind_transfer import BlindTransfer
from .blind_transfer_state import BlindTransferState
from .call import Call
from .call_leg import CallLeg
from .call_updated import CallUpdated
from .calls_page import CallsPage
from .contact import Contact
from .contact_type import ContactType
from .create_call_from import CreateCallFrom
from .create_call_from_type import CreateCallFromType
from .create_call_request import CreateCallRequest
from .create_call_request_type import CreateCallRequestType
from .create_call_to import CreateCallTo
from .create_call_to_type import CreateCallToType
from .device import Device
from .device_provisioning import DeviceProvisioning
from .device_registration import DeviceRegistration
from .devices_page import DevicesPage
from .error import Error
from .hold_leg import HoldLeg
from .hold_leg_state import HoldLegState
from .leg_target import LegTarget
from .leg_target_type import LegTargetType
from .leg_updated import LegUpdated
from .page_info import PageInfo
from .park_call import ParkCall
from .park_call_state import ParkCallState
from .play_audio import PlayAudio
from .recording import Recording
from .recording_recording import RecordingRecording
from .recording_service import RecordingService
from .send_dtmf import SendDtmf
from .sort_order import SortOrder
from .stop_audio import StopAudio
from .transfer_call import TransferCall
from .unhold_leg import UnholdLeg
from .unhold_leg_state import UnholdLegState

__all__ = (
    "AnswerCall",
    "AnswerCallState",
    "AttendedTransfer",
    "AttendedTransferState",
    "BlindTransfer",
    "BlindTransferState",
    "Call",
    "CallLeg",
    "CallUpdated",
    "CallsPage",
    "Contact",
    "ContactType",
    "CreateCallFrom",
    "CreateCallFromType",
    "CreateCallRequest",
    "CreateCallRequestType",
    "CreateCallTo",
    "CreateCallToType",
    "Device",
    "DeviceProvisioning",
    "DeviceRegistration",
    "DevicesPage",
    "Error",
    "HoldLeg",
    "HoldLegState",
    "LegTarget",
    "LegTargetType",
    "LegUpdated",
    "PageInfo",
    "ParkCall",
    "ParkCallState",
    "PlayAudio",
    "Recording",
    "RecordingRecording",
    "RecordingService",
    "SendDtmf",
    "SortOrder",
    "StopAudio",
    "TransferCall",
    "UnholdLeg",
    "UnholdLegState",
)
